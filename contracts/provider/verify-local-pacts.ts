// Verifies the local pacts against a running SessionM (staging, or the embedded mock standing in), its state setups
// from fixtures; `fixturesJob` is that job for pacts from elsewhere too (the broker).
import { existsSync } from 'node:fs';
import { type Api, pactFile } from '../names.ts';
import type { Fixtures } from './fixtures.ts';
import { runVerification, type VerificationJob, type VerificationRun } from './verify-in-child.ts';
import type { ProviderTarget } from './verify-target.ts';

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
export async function verifyLocalPacts(target: LiveTarget): Promise<VerificationRun> {
  const missing = apis.map((api) => pactFile(api)).filter((file) => !existsSync(file));
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
