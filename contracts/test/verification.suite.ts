// Runs after the consumer suites in contracts.test.ts: verifies the pacts they wrote against the embedded mock, against
// a vendor double that follows the seed but chooses otherwise where it is silent (through `npm run verify`), and
// against variants of that vendor that break the documented contract.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { MockAdminClient } from '../../client/mock-admin.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { describeFailure } from '../../client/responses.ts';
import { scan, secretNeedles, writtenSince } from '../../client/test/leaks.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import type { PactFile } from '../consistency.ts';
import { allExpectations, isPending } from '../expectations.ts';
import { type Api, pactFile } from '../names.ts';
import { describeResults, type InteractionResult, runPassed, tally } from '../provider/results.ts';
import { runVerification, type VerificationJob } from '../provider/verify-in-child.ts';
import type { ProviderTarget } from '../provider/verify-target.ts';
import { startRewritingProxy } from './support/rewriting-proxy.ts';
import { startVendorDouble } from './support/vendor-double.ts';

// Neither the mock's default key nor the pacts' placeholder: only the request filter can make requests pass.
const secret = 'suite-secret';
const apiKey = basicCredential('contract-suite', secret);

const client = (url: string): VerificationJob['client'] => ({
  offersUrl: url,
  posUrl: url,
  retailerId: defaults.retailerId,
  storeId: defaults.storeId,
  clientId: defaults.clientId,
});

const byDescription = (results: InteractionResult[], description: string) => {
  const found = results.filter((r) => r.description === description);
  if (!found.length) throw new Error(`no result for "${description}" in:\n${describeResults(results)}`);
  return found;
};

/** `npm run verify` as a user runs it, in its own working directory (its reports land there). */
function verifyCli(cwd: string, pactDir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [...nodeEntry('scripts/verify.ts'), ...args], {
    cwd,
    env: { ...process.env, SESSIONM_API_KEY: apiKey, PACT_DO_NOT_TRACK: 'true', PACT_DIR: pactDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  return new Promise((done) => child.on('exit', (code) => done({ code, out })));
}

const reportFile = (cwd: string, name: string) => {
  const [run] = readdirSync(join(cwd, 'reports')).filter((d) => d.endsWith('-verify'));
  if (!run) throw new Error(`no reports/*-verify folder in ${cwd}`);
  return readFileSync(join(cwd, 'reports', run, name), 'utf8');
};

export function verificationSuite(pactDir: string): void {
  const pactOf = (api: Api) => JSON.parse(readFileSync(pactFile(api, pactDir), 'utf8')) as PactFile;
  let mock: RunningMock;
  let scratch: string;
  const transport = nodeTransport({ connections: 1 });

  beforeAll(async () => {
    mock = await startMock({ apiKey });
    scratch = mkdtempSync(join(tmpdir(), 'pact-verify-'));
  });
  afterAll(async () => {
    await transport.close();
    await mock.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A copy of a pact holding only the named interactions, to verify a few quickly. */
  const subset = (api: Api, descriptions: string[]): ProviderTarget['pactUrls'] => {
    const pact = pactOf(api);
    pact.interactions = pact.interactions.filter((i) => descriptions.includes(i.description));
    expect(pact.interactions).toHaveLength(descriptions.length);
    const file = join(scratch, `${api}-${descriptions.length}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(pact));
    return [file];
  };

  it('verifies every interaction of both pacts against the embedded mock, pending ones included, none differing', async () => {
    const run = await runVerification(
      {
        targets: [
          { api: 'offers', baseUrl: mock.url, pactUrls: [pactFile('offers', pactDir)] },
          { api: 'pos', baseUrl: mock.url, pactUrls: [pactFile('pos', pactDir)] },
        ],
        client: client(mock.url),
        world: { kind: 'mock', adminUrl: mock.url },
      },
      { apiKey },
    );
    const interactions = [
      ...pactOf('offers').interactions,
      ...pactOf('pos').interactions,
    ] as (PactFile['interactions'][number] & {
      pending?: boolean;
    })[];
    const pending = allExpectations().filter(([, e]) => isPending(e)).length;
    expect(interactions.filter((i) => i.pending)).toHaveLength(pending);
    expect(pending).toBeGreaterThan(0);
    expect(tally(run.results), describeResults(run.results, true)).toEqual({
      total: interactions.length,
      verified: interactions.length,
      failed: 0,
      differs: 0,
      notRun: 0,
      pendingPactFailures: 0,
    });
    expect(runPassed(run.results, true)).toBe(true);
  });

  it('passes a vendor that follows the seed and chooses otherwise where it is silent, listing each difference; --strict fails it', async () => {
    const vendor = await startVendorDouble(mock.url);
    const member = async (externalId: string) => {
      const admin = new MockAdminClient(mock.url, transport);
      const added = await admin.addUser({
        external_customer_id: externalId,
        first_name: 'V',
        last_name: 'M',
        points: 10,
      });
      if (!added.ok) throw new Error(describeFailure(added));
      return { user_id: added.body.payload.user_id, external_customer_id: externalId };
    };
    // A live provider's fixtures, without the expired user offer: that one state cannot be set up.
    const fixtures = async (name: string) => {
      const file = join(scratch, `${name}-fixtures.json`);
      const ids = { retailer_id: defaults.retailerId, store_id: defaults.storeId, client_id: defaults.clientId };
      writeFileSync(file, JSON.stringify({ ...ids, member: await member(`vendor-${name}`) }));
      return file;
    };
    const cwd = (name: string) => {
      const dir = join(scratch, name);
      mkdirSync(dir);
      return dir;
    };
    const [lenientDir, strictDir] = [cwd('lenient'), cwd('strict')];
    try {
      const [lenientFixtures, strictFixtures] = await Promise.all([fixtures('lenient'), fixtures('strict')]);
      const base = ['--base-url', vendor.url];
      // --strict on four interactions: two that verify, one that differs, one that cannot be set up.
      const strictPacts = join(scratch, 'strict-pacts');
      mkdirSync(strictPacts);
      const keep = {
        offers: ['a request for an existing offer'],
        pos: [
          'a request to lock an issued user offer',
          'a request to lock a user offer locked by another transaction',
          'a request to lock a user offer whose offer is out of its dates',
        ],
      } satisfies Record<Api, string[]>;
      for (const api of Object.keys(keep) as Api[]) {
        const pact = pactOf(api);
        pact.interactions = pact.interactions.filter((i) => keep[api].includes(i.description));
        expect(pact.interactions).toHaveLength(keep[api].length);
        writeFileSync(pactFile(api, strictPacts), JSON.stringify(pact));
      }
      const [lenient, strict] = await Promise.all([
        verifyCli(lenientDir, pactDir, [...base, '--fixtures', lenientFixtures]),
        verifyCli(strictDir, strictPacts, [...base, '--fixtures', strictFixtures, '--strict']),
      ]);
      const total = pactOf('offers').interactions.length + pactOf('pos').interactions.length;

      expect(lenient.code, lenient.out).toBe(0);
      expect(lenient.out).not.toContain('documented expectations that failed');
      for (const difference of [
        'lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
        'issue to an unknown member: expected 404 USER_NOT_FOUND, got 404 NOT_FOUND',
        'POS error bodies carry "payload": null: the answer has no payload',
        'fetch by a malformed offer id: expected 400 VALIDATION, got 404 NOT_FOUND',
        'create with ISO dates instead of local times: expected 400 VALIDATION, got 200 ok',
        'lock with a decimal comma in the subtotal: expected 400 VALIDATION, got 200 OK',
        'issue of an offer whose acquisition dates have passed: expected 422 OFFER_NOT_ELIGIBLE, got 200 ok',
        'unlock of a user offer that is not locked: expected 409 NOT_LOCKED, got 200 OK',
        'offer history of a malformed user id: expected 400 VALIDATION, got 200 ok',
      ]) {
        expect(lenient.out).toContain(`differs from our assumption: ${difference}`);
      }
      expect(lenient.out).toMatch(
        /^- not run:\n {2}pos-till → sessionm-pos-api: a request to lock a user offer whose offer is out of its dates .*\n {6}"a member holds a user offer whose offer is out of its dates": no expired user offer: set expired_user_offer_id/m,
      );
      const headline = new RegExp(
        `^PASSED: documented: every expectation held · assumptions: (\\d+) of ${total} interactions differ · not run: 1 · verified: (\\d+) of ${total}$`,
        'm',
      );
      expect(lenient.out).toMatch(headline);
      const [, differs, verified] = headline.exec(lenient.out)?.map(Number) ?? [];
      expect((differs ?? 0) + (verified ?? 0) + 1).toBe(total);

      const junit = reportFile(lenientDir, 'junit.xml');
      expect(junit).toContain(`<testsuites tests="${total}" failures="0" skipped="${(differs ?? 0) + 1}">`);
      expect(junit).toContain(
        'differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
      );
      // The verifier itself holds the pending interactions apart: their failures are not its failures.
      expect(reportFile(lenientDir, 'verifier-output.txt')).toMatch(
        /There were \d+ non-fatal pact failures on pending pacts or interactions/,
      );
      const summary = reportFile(lenientDir, 'summary.md');
      expect(summary.split('\n')[0]).toBe('## verify run: ✅ passed');
      expect(summary).toContain('#### Differences from our assumptions (not failing)');
      expect(summary).toContain('#### Not run');
      expect(reportFile(lenientDir, 'report.html')).toContain(
        '<li>differs from our assumption: unlock of a user offer that is not locked: expected 409 NOT_LOCKED, got 200 OK</li>',
      );
      // No secret in what it printed or in any file of its run folder, the verifier's own output included.
      const written = await writtenSince(join(lenientDir, 'reports'), 0);
      expect(written.some((f) => f.endsWith('verifier-output.txt'))).toBe(true);
      expect(await scan(secretNeedles({ secret, apiKey }), written, lenient.out)).toEqual([]);

      // The same vendor, the same kinds of result: with --strict the difference and the state not run fail the run.
      expect(strict.code, strict.out).toBe(1);
      expect(strict.out).toMatch(
        /^FAILED: documented: every expectation held · assumptions: 1 of 4 interactions differ \(--strict: failing\) · not run: 1 \(--strict: failing\) · verified: 2 of 4$/m,
      );
      expect(reportFile(strictDir, 'junit.xml')).toContain('<testsuites tests="4" failures="2" skipped="0">');
    } finally {
      await vendor.close();
    }
  }, 120_000);

  it('fails a vendor that breaks the documented contract, naming the JSON path', async () => {
    type Body = Record<string, any>;
    // Each changes one documented thing; the fetch_offer answer loses root_offer_id behind its own double.
    const typed = await startVendorDouble(mock.url, {
      breaks: ({ operationId }, answer) => {
        const body = answer.body as Body;
        if (operationId === 'fetchOffer' && answer.status === 200)
          body.payload.offer.status = String(body.payload.offer.status);
        else if (operationId === 'createOffer' && answer.status === 200) return { ...answer, status: 201 };
        else if (operationId === 'issueUserOffer' && answer.status === 200) delete body.payload.user_offer_id;
        else if (operationId === 'getUserOffers' && answer.status === 404) return { ...answer, body: { data: body } };
        return answer;
      },
    });
    const dropped = await startVendorDouble(mock.url, {
      breaks: ({ operationId }, answer) => {
        if (operationId === 'fetchOffer' && answer.status === 200)
          delete (answer.body as Body).payload.offer.root_offer_id;
        return answer;
      },
    });
    // State setups go through their own proxy, where issuing fails: the history's state cannot be set up, and its
    // request would pass on the pact's example user id (the demo member) if the failure were not caught.
    const unavailable = { status: 'error', errors: { code: 'UNAVAILABLE', message: 'issuing is down' } };
    const setupSide = await startRewritingProxy(mock.url, {
      answer: (sent) => (sent.path.endsWith('/acquisition/issue') ? { status: 503, body: unavailable } : undefined),
    });
    const fetchPact = pactOf('offers').interactions.find((i) => i.description === 'a request for an existing offer');
    expect(JSON.stringify(fetchPact?.response.body)).not.toContain('root_offer_id');
    try {
      const run = await runVerification(
        {
          targets: [
            {
              api: 'offers',
              baseUrl: typed.url,
              pactUrls: subset('offers', [
                'a request for an existing offer',
                'a request to create a published offer',
                'a request to issue an offer to a member',
                "a request for a member's offer history",
                'a request for an unknown offer',
              ]),
            },
            { api: 'offers', baseUrl: dropped.url, pactUrls: subset('offers', ['a request for an existing offer']) },
            { api: 'pos', baseUrl: typed.url, pactUrls: subset('pos', ['a lookup of an unknown member']) },
          ],
          client: client(setupSide.url),
          world: { kind: 'mock', adminUrl: mock.url },
        },
        { apiKey },
      );
      const [typedFetch, droppedFetch] = byDescription(run.results, 'a request for an existing offer');
      const only = (description: string) => byDescription(run.results, description)[0];
      expect(typedFetch?.failures).toContain(
        'payload.offer.status: must be integer, got "1" by fetch-offer.response.json',
      );
      expect(droppedFetch?.failures).toEqual(['payload.offer.root_offer_id: required by fetch-offer.response.json']);
      expect(only('a request to create a published offer')?.failures).toEqual(['HTTP status: expected 200, got 201']);
      expect(only('a lookup of an unknown member')?.failures).toEqual(['errors: required by error.response.json']);
      expect(only("a request for a member's offer history")?.failures.join('\n')).toMatch(
        /^provider state setup failed: "a member holds an issued user offer": .*503 UNAVAILABLE/m,
      );
      // The issue answer's shape is our assumption: a missing user_offer_id is a difference, not a failure.
      expect(only('a request to issue an offer to a member')).toMatchObject({
        outcome: 'differs',
        differences: [
          {
            message:
              "differs from our assumption: the issueUserOffer answer's shape: payload.user_offer_id: required by issue-user-offer.response.json",
          },
        ],
      });
      // The untouched interaction still verifies: the failures are the breaks', not the harness's.
      expect(only('a request for an unknown offer')?.outcome).toBe('verified');
      expect(tally(run.results)).toMatchObject({ failed: 5, differs: 1, verified: 1 });
      expect(runPassed(run.results, false)).toBe(false);
    } finally {
      await Promise.all([typed.close(), dropped.close(), setupSide.close()]);
    }
  });
}
