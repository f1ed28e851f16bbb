// Verification of the local pacts against a running SessionM (staging, or the embedded mock standing in).
import { existsSync } from 'node:fs';
import { ConfigError, configFromEnv, type SessionMConfig } from '../../client/config.ts';
import { type Api, pactFile } from '../names.ts';
import { type Fixtures, loadFixtures, parseFixtures } from './fixtures.ts';
import type { ProviderTarget } from './run.ts';
import { runVerification, type VerificationJob, type VerificationRun } from './verify.ts';

export interface LiveTarget {
  offersUrl: string;
  posUrl: string;
  apiKey: string;
  fixtures: Fixtures;
  timeoutMs?: number;
}

export class MissingPactsError extends Error {
  override name = 'MissingPactsError';
}

const apis: Api[] = ['offers', 'pos'];

/** A job whose state setups use the public API at the given URLs and take the rest from fixtures. */
export function fixturesJob(
  targets: ProviderTarget[],
  urls: { offersUrl: string; posUrl: string },
  fixtures: Fixtures,
): VerificationJob {
  const { retailerId, storeId, clientId } = fixtures;
  return {
    targets,
    client: { offersUrl: urls.offersUrl, posUrl: urls.posUrl, retailerId, storeId, clientId },
    world: { kind: 'fixtures', fixtures },
  };
}

/**
 * Verifies both pacts; resolves with one classified result per interaction (verified, a documented failure, a
 * difference from our assumptions, or not run) and the verifier's output. `runPassed` says whether the run passes.
 */
export async function verifyLive(target: LiveTarget): Promise<VerificationRun> {
  const missing = apis.map(pactFile).filter((file) => !existsSync(file));
  if (missing.length) {
    throw new MissingPactsError(`no pact file ${missing.join(', ')}: run \`npm run pacts\` first`);
  }
  const targets: ProviderTarget[] = [
    { api: 'offers', baseUrl: target.offersUrl, pactUrls: [pactFile('offers')] },
    { api: 'pos', baseUrl: target.posUrl, pactUrls: [pactFile('pos')] },
  ];
  return runVerification(fixturesJob(targets, target, target.fixtures), {
    apiKey: target.apiKey,
    ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}),
  });
}

type Env = Record<string, string | undefined>;

/**
 * The provider a command verifies, from its --base-url / --offers-url / --pos-url / --fixtures and the environment
 * (SESSIONM_API_KEY, fixture variables); the client's configuration rules name a bad URL or key.
 */
export function providerFromOptions(
  values: { 'base-url'?: string; 'offers-url'?: string; 'pos-url'?: string; fixtures?: string },
  env: Env,
): { config: SessionMConfig; fixtures: Fixtures } {
  if (!values['base-url'] && !(values['offers-url'] && values['pos-url'])) {
    throw new ConfigError('give --base-url, or both --offers-url and --pos-url');
  }
  const config = configFromEnv({
    SESSIONM_BASE_URL: values['base-url'] ?? values['offers-url'],
    SESSIONM_OFFERS_URL: values['offers-url'],
    SESSIONM_POS_URL: values['pos-url'],
    SESSIONM_API_KEY: env.SESSIONM_API_KEY,
    // The credential may come as a secret with its client id, as the mock and the client take it.
    SESSIONM_API_SECRET: env.SESSIONM_API_SECRET,
    SESSIONM_CLIENT_ID: env.SESSIONM_CLIENT_ID,
  });
  // Without a file every id must come from the environment: say which flag would have given them.
  const fixtures = values.fixtures
    ? loadFixtures(values.fixtures, env)
    : parseFixtures({}, env, '--fixtures FILE (a copy of contracts/fixtures.example.json)');
  return { config, fixtures };
}
