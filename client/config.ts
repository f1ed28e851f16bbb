// Client configuration from environment variables (process.env in Node, __ENV in k6). No Node built-ins.
import { Base64 } from 'js-base64';
import { demo } from '../fixtures/demo.ts';

export interface SessionMConfig {
  offersUrl: string;
  posUrl: string;
  apiKey: string;
  retailerId: string;
  storeId: string;
  clientId: string;
}

/** An HTTP Basic credential (RFC 7617): the base64 of `user:secret`, what follows "Basic " in Authorization. */
export const basicCredential = (user: string, secret: string) => Base64.encode(`${user}:${secret}`);

/** The embedded mock's demo data (fixtures/demo.ts): what every default points at. */
export const defaults = {
  baseUrl: 'http://127.0.0.1:8080',
  apiKey: demo.apiKey,
  retailerId: demo.retailerId,
  storeId: demo.storeId,
  clientId: demo.clientId,
} as const;

/** Every variable the client reads, with what it means; the README's table is this list. */
export const configVariables = {
  SESSIONM_BASE_URL: `base URL of both APIs (default ${defaults.baseUrl}, the embedded mock)`,
  SESSIONM_OFFERS_URL: 'base URL of the Offers API (default SESSIONM_BASE_URL)',
  SESSIONM_POS_URL: 'base URL of the POS API (default SESSIONM_BASE_URL)',
  SESSIONM_API_KEY: `the API key SessionM issues: the base64 of client_id:secret, sent as "Authorization: Basic <key>" (default ${defaults.apiKey}, the mock's: ${defaults.clientId}:${demo.secret})`,
  SESSIONM_API_SECRET:
    'instead of SESSIONM_API_KEY: the secret alone; the key is built as base64(SESSIONM_CLIENT_ID:secret)',
  SESSIONM_RETAILER_ID: `retailer uuid (default ${defaults.retailerId})`,
  SESSIONM_STORE_ID: `store uuid for POS calls (default ${defaults.storeId})`,
  SESSIONM_CLIENT_ID: `client uuid for POS calls (default ${defaults.clientId})`,
} as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function url(name: string, value: string): string {
  const match = /^(https?):\/\/[^/\s?#]+(\/[^\s?#]*)?$/.exec(value);
  if (!match) throw new ConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:8080, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function uuid(name: string, value: string): string {
  if (!uuidPattern.test(value)) throw new ConfigError(`${name} must be a uuid, got "${value}"`);
  return value;
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Whether `key` is a Basic credential: base64 (padded, RFC 4648) of text holding a colon. */
export const isBasicCredential = (key: string) => key !== '' && base64.test(key) && Base64.atob(key).includes(':');

type Env = Record<string, string | undefined>;

/** The Basic credential from SESSIONM_API_KEY, or built from SESSIONM_CLIENT_ID and SESSIONM_API_SECRET. */
export function apiKeyFromEnv(
  env: Env,
  clientId: string = env.SESSIONM_CLIENT_ID?.trim() || defaults.clientId,
): string {
  const key = env.SESSIONM_API_KEY?.trim();
  const secret = env.SESSIONM_API_SECRET;
  if (key && secret) throw new ConfigError('set SESSIONM_API_KEY or SESSIONM_API_SECRET, not both');
  if (secret) return basicCredential(clientId, secret);
  if (!key) return defaults.apiKey;
  // The message never quotes the key: it is a secret.
  if (!isBasicCredential(key)) {
    throw new ConfigError(
      "SESSIONM_API_KEY must be the base64 of client_id:secret, as SessionM issues it (printf %s 'client_id:secret' | base64), or set SESSIONM_API_SECRET instead",
    );
  }
  return key;
}

/** Reads and checks the configuration; throws ConfigError naming the first bad variable. */
export function configFromEnv(env: Env, overrides: Partial<SessionMConfig> = {}): SessionMConfig {
  const read = (name: keyof typeof configVariables) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value.trim();
  };
  const base = url('SESSIONM_BASE_URL', read('SESSIONM_BASE_URL') ?? defaults.baseUrl);
  const clientId = overrides.clientId ?? uuid('SESSIONM_CLIENT_ID', read('SESSIONM_CLIENT_ID') ?? defaults.clientId);
  return {
    offersUrl: overrides.offersUrl ?? url('SESSIONM_OFFERS_URL', read('SESSIONM_OFFERS_URL') ?? base),
    posUrl: overrides.posUrl ?? url('SESSIONM_POS_URL', read('SESSIONM_POS_URL') ?? base),
    apiKey: overrides.apiKey ?? apiKeyFromEnv(env, clientId),
    retailerId:
      overrides.retailerId ?? uuid('SESSIONM_RETAILER_ID', read('SESSIONM_RETAILER_ID') ?? defaults.retailerId),
    storeId: overrides.storeId ?? uuid('SESSIONM_STORE_ID', read('SESSIONM_STORE_ID') ?? defaults.storeId),
    clientId,
  };
}
