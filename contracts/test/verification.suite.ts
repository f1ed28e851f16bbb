// Runs after the consumer suites in contracts.test.ts: verifies the pacts they wrote against the embedded mock,
// and checks that providers breaking the contract fail verification.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import type { PactFile } from '../consistency.ts';
import { type Api, pactFile } from '../names.ts';
import { describeResults, failedResults, type InteractionResult } from '../provider/results.ts';
import type { ProviderTarget } from '../provider/run.ts';
import { runVerification, type VerificationJob } from '../provider/verify.ts';
import { startBrokenProvider } from './broken-provider.ts';

// Neither the mock's default key nor the pacts' placeholder: only the request filter can make requests pass.
const apiKey = basicCredential('contract-suite', 'suite-secret');

const client = (url: string): VerificationJob['client'] => ({
  offersUrl: url,
  posUrl: url,
  retailerId: defaults.retailerId,
  storeId: defaults.storeId,
  clientId: defaults.clientId,
});

const byDescription = (results: InteractionResult[], description: string) => {
  const result = results.find((r) => r.description === description);
  if (!result) throw new Error(`no result for "${description}" in:\n${describeResults(results)}`);
  return result;
};

export function verificationSuite(): void {
  let mock: RunningMock;
  let scratch: string;

  beforeAll(async () => {
    mock = await startMock({ apiKey });
    scratch = mkdtempSync(join(tmpdir(), 'pact-subset-'));
  });
  afterAll(async () => {
    await mock.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A copy of a pact holding only the named interactions, to verify a few quickly. */
  const subset = (api: Api, descriptions: string[]): ProviderTarget['pactUrls'] => {
    const pact = JSON.parse(readFileSync(pactFile(api), 'utf8')) as PactFile;
    pact.interactions = pact.interactions.filter((i) => descriptions.includes(i.description));
    expect(pact.interactions).toHaveLength(descriptions.length);
    const file = join(scratch, `${api}-${descriptions.length}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(pact));
    return [file];
  };

  it('verifies every interaction of both pacts against the embedded mock, set up through its admin API', async () => {
    const run = await runVerification(
      {
        targets: [
          { api: 'offers', baseUrl: mock.url, pactUrls: [pactFile('offers')] },
          { api: 'pos', baseUrl: mock.url, pactUrls: [pactFile('pos')] },
        ],
        client: client(mock.url),
        world: { kind: 'mock', adminUrl: mock.url },
      },
      { apiKey },
    );
    const total = (['offers', 'pos'] as const)
      .map((api) => (JSON.parse(readFileSync(pactFile(api), 'utf8')) as PactFile).interactions.length)
      .reduce((a, b) => a + b, 0);
    expect(failedResults(run.results), describeResults(run.results)).toEqual([]);
    expect(run.results).toHaveLength(total);
  });

  it('fails a provider that returns a wrong type, drops a field, wraps the body, answers the wrong status or cannot set up a state', async () => {
    const broken = await startBrokenProvider(mock.url, (path, answer) => {
      const body = answer.body as Record<string, any>;
      if (path.endsWith('/fetch_offer') && answer.status === 200)
        body.payload.offer.status = String(body.payload.offer.status);
      else if (path.endsWith('/fetch_offer') && answer.status === 404) return { status: 400, body };
      else if (path.endsWith('/acquisition/issue') && answer.status === 200) delete body.payload.user_offer_id;
      else if (path.endsWith('/get_user_offers') && answer.status === 404) return { status: 404, body: { data: body } };
      else return undefined;
      return answer;
    });
    // State setups go through their own proxy, where issuing fails: the history's state cannot be set up, and its
    // request would pass on the pact's example user id (the demo member) if the failure were not caught.
    const unavailable = { status: 'error', errors: { code: 'UNAVAILABLE', message: 'issuing is down' } };
    const setupSide = await startBrokenProvider(mock.url, (path) =>
      path.endsWith('/acquisition/issue') ? { status: 503, body: unavailable } : undefined,
    );
    try {
      const run = await runVerification(
        {
          targets: [
            {
              api: 'offers',
              baseUrl: broken.url,
              pactUrls: subset('offers', [
                'a request for an existing offer',
                'a request for an unknown offer',
                'a request to issue an offer to a member',
                "a request for a member's offer history",
                'a request for an offer by a malformed id',
              ]),
            },
            { api: 'pos', baseUrl: broken.url, pactUrls: subset('pos', ['a lookup of an unknown member']) },
          ],
          client: client(setupSide.url),
          world: { kind: 'mock', adminUrl: mock.url },
        },
        { apiKey },
      );
      const failures = (description: string) => byDescription(run.results, description).failures.join('\n');
      expect(failures('a request for an existing offer')).toMatch(
        /^payload\.offer\.status: expected integer, got '1' \(String\)$/m,
      );
      expect(failures('a request for an unknown offer')).toMatch(/^HTTP status: expected 404, got 400$/m);
      expect(failures('a request to issue an offer to a member')).toMatch(
        /^payload: required field\(s\) missing: user_offer_id$/m,
      );
      expect(failures('a lookup of an unknown member')).toMatch(/^the body: required field\(s\) missing: .*status/m);
      expect(failures("a request for a member's offer history")).toMatch(
        /^provider state setup failed: "a member holds an issued user offer": .*503 UNAVAILABLE/m,
      );
      // The untouched interaction still verifies: the failures are the mutations', not the harness's.
      expect(byDescription(run.results, 'a request for an offer by a malformed id').passed).toBe(true);
      expect(failedResults(run.results)).toHaveLength(5);
    } finally {
      await broken.close();
      await setupSide.close();
    }
  });
}
