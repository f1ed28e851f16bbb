// Client configuration from environment variables (process.env in Node, __ENV in k6). No Node built-ins.

export interface SessionMConfig {
  offersUrl: string;
  posUrl: string;
  apiKey: string;
  retailerId: string;
  storeId: string;
  clientId: string;
}

/** The embedded mock's demo data: what every default points at. */
export const defaults = {
  baseUrl: 'http://127.0.0.1:8080',
  apiKey: 'demo-api-key',
  retailerId: '2D5B5A08-BECD-4837-A69A-2AB967C7773A',
  storeId: '332b6ee0-e981-4f96-8047-d0d358cfb3e0',
  clientId: '686ed454-ecab-4e86-8abe-c9470e8dd787',
} as const;

/** Every variable the client reads, with what it means; the README's table is this list. */
export const configVariables = {
  SESSIONM_BASE_URL: `base URL of both APIs (default ${defaults.baseUrl}, the embedded mock)`,
  SESSIONM_OFFERS_URL: 'base URL of the Offers API (default SESSIONM_BASE_URL)',
  SESSIONM_POS_URL: 'base URL of the POS API (default SESSIONM_BASE_URL)',
  SESSIONM_API_KEY: `the token after "Basic " in Authorization (default ${defaults.apiKey}, the mock's key)`,
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

function apiKey(name: string, value: string): string {
  if (!value || /\s/.test(value)) throw new ConfigError(`${name} must be a non-empty token without spaces`);
  return value;
}

type Env = Record<string, string | undefined>;

/** Reads and checks the configuration; throws ConfigError naming the first bad variable. */
export function configFromEnv(env: Env, overrides: Partial<SessionMConfig> = {}): SessionMConfig {
  const read = (name: keyof typeof configVariables) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value.trim();
  };
  const base = url('SESSIONM_BASE_URL', read('SESSIONM_BASE_URL') ?? defaults.baseUrl);
  return {
    offersUrl: overrides.offersUrl ?? url('SESSIONM_OFFERS_URL', read('SESSIONM_OFFERS_URL') ?? base),
    posUrl: overrides.posUrl ?? url('SESSIONM_POS_URL', read('SESSIONM_POS_URL') ?? base),
    apiKey: overrides.apiKey ?? apiKey('SESSIONM_API_KEY', env.SESSIONM_API_KEY ?? defaults.apiKey),
    retailerId:
      overrides.retailerId ?? uuid('SESSIONM_RETAILER_ID', read('SESSIONM_RETAILER_ID') ?? defaults.retailerId),
    storeId: overrides.storeId ?? uuid('SESSIONM_STORE_ID', read('SESSIONM_STORE_ID') ?? defaults.storeId),
    clientId: overrides.clientId ?? uuid('SESSIONM_CLIENT_ID', read('SESSIONM_CLIENT_ID') ?? defaults.clientId),
  };
}
