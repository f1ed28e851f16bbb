// `npm run accept` end to end, in-process, against the embedded mock, a vendor double that follows the document but
// chooses otherwise where it is silent, and variants of that double that break what the document says.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredential } from '../../../client/config.ts';
import { nodeEntry } from '../../../client/node-entry.ts';
import { scan, secretNeedles, writtenSince } from '../../../client/test/leaks.ts';
import { startRewritingProxy } from '../../../contracts/test/support/rewriting-proxy.ts';
import { type Break, startVendorDouble } from '../../../contracts/test/support/vendor-double.ts';
import { type RunningMock, startMock } from '../../../mock/server.ts';
import type { AcceptanceResult, Section, SectionName } from '../../../reporting/acceptance/types.ts';
import { type K6Summary, thresholdRows } from '../../../reporting/index.ts';
import { acceptOptions } from '../options.ts';
import { runAcceptance } from '../run.ts';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'contracts', 'fixtures.example.json');
// Neither the mock's default key nor the pacts' placeholder: every section must send the key it was given.
const secret = 'accept-secret';
const apiKey = basicCredential('accept-suite', secret);
const env = { SESSIONM_API_KEY: apiKey };

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'accept-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One acceptance run as `npm run accept` does it, short: what it printed (into `lines`), its outcome and its files. */
async function accept(baseUrl: string, name: string, more: string[] = [], lines: string[] = []) {
  const outDir = join(scratch, name);
  const options = acceptOptions(
    [
      '--base-url',
      baseUrl,
      '--fixtures',
      fixtures,
      '--duration',
      '2s',
      '--cases',
      '60',
      '--seed',
      '7',
      '--out',
      outDir,
      ...more,
    ],
    env,
  );
  const outcome = await runAcceptance(options, { out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`) });
  const read = (file: string) => readFileSync(join(outDir, file), 'utf8');
  const result = outcome.result as AcceptanceResult;
  const section = <N extends SectionName>(n: N) =>
    result.sections.find((s) => s.name === n) as Extract<Section, { name: N }>;
  return { outcome, lines, result, section, read, outDir };
}

describe('npm run accept', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ apiKey });
  });
  afterAll(() => mock.close());

  it('runs every section against the embedded mock: each passes (Load as its SLOs say), one folder of reports, the plan printed before anything was sent', async () => {
    // Every request passes this recorder, in the same log as what the run prints.
    const events: string[] = [];
    const recorder = await startRewritingProxy(mock.url, {
      request: (sent) => {
        events.push(`request ${sent.method} ${sent.path}`);
        return undefined;
      },
    });
    const before = mock.state();
    let run: Awaited<ReturnType<typeof accept>>;
    try {
      run = await accept(recorder.url, 'mock', [], events);
    } finally {
      await recorder.close();
    }
    const { outcome, read } = run;
    const result = outcome.result as AcceptanceResult;
    // Load ran; whether its latency SLOs held on a shared machine is not this test's to demand, only that its
    // verdict (and so the run's) is what its thresholds say.
    const load = result.sections[2] as Extract<Section, { name: 'load' }>;
    const thresholds = thresholdRows(load.load?.summary as K6Summary);
    expect(thresholds.length).toBeGreaterThan(0);
    const accepted = thresholds.every((t) => t.ok);
    expect(result.sections.map((s) => [s.name, s.status])).toEqual([
      ['contracts', 'passed'],
      ['workflow', 'passed'],
      ['load', accepted ? 'passed' : 'failed'],
      ['negative', 'passed'],
    ]);
    expect(outcome.exitCode, events.join('\n')).toBe(accepted ? 0 : 1);
    expect(result.accepted).toBe(accepted);
    if (!accepted) expect(load.failures[0]).toMatch(/^thresholds failed: /);

    // The plan, with each section's line, comes before the first request; the first request is the probe.
    const firstRequest = events.findIndex((e) => e.startsWith('request '));
    const plan = events.findIndex((e) => e.startsWith('accept: the plan for'));
    // Writing missing pacts (a clean checkout) may be logged first: it sends nothing.
    expect(plan, events.slice(0, 3).join('\n')).toBeGreaterThanOrEqual(0);
    expect(events.slice(0, plan).filter((e) => e.startsWith('request '))).toEqual([]);
    expect(events.slice(0, firstRequest).filter((e) => /^ {2}\d\. /.test(e))).toHaveLength(4);
    expect(events[firstRequest]).toBe('request GET /');
    expect(events.slice(0, firstRequest).join('\n')).toMatch(
      /3\. Load {12}about \d+ requests, 5 flows\/s = 20 requests\/s/,
    );

    const workflow = result.sections[1] as Extract<Section, { name: 'workflow' }>;
    expect(workflow.steps.map((s) => s.name)).toEqual([
      'find the member',
      'create an offer',
      'fetch it',
      'issue it to the member',
      'look it up at the till',
      'lock it against a basket',
      'redeem it',
      'history shows it redeemed',
      'a second transaction carrying it',
    ]);
    expect(workflow.steps.every((s) => s.ok && typeof s.ms === 'number')).toBe(true);
    expect(load.integrity.map((r) => [r.rule, r.ok])).toEqual([
      ['every per-flow offer accounted for: issued = redeemed + failed + left over', true],
      ["the members' histories gained every user offer the run issued, and no other", true],
      ['one redemption per flow that ended redeemed: none lost, none doubled', true],
      ['nothing left locked after teardown', true],
    ]);
    const negative = result.sections[3] as Extract<Section, { name: 'negative' }>;
    expect(negative.counts).toMatchObject({ sent: 60, refused: 60, defect: 0, differs: 0, lenient: 0 });

    // What the run says it created is what the mock holds now (the admin API's seed adds its own offer once).
    const after = mock.state();
    const count = (what: RegExp) => result.created.filter((c) => what.test(c.what)).reduce((n, c) => n + c.count, 0);
    const userOffers = (s: any) => s.user_offers.issued + s.user_offers.locked + s.user_offers.redeemed;
    expect(after.offers - before.offers).toBe(count(/^offer/) + 1);
    expect(userOffers(after) - userOffers(before)).toBe(count(/^user offer/));
    expect(after.users - before.users).toBe(count(/^members/));

    expect(JSON.parse(read('acceptance.json'))).toEqual(JSON.parse(JSON.stringify(result)));
    expect(read('summary.md').split('\n')[0]).toBe(
      accepted ? '## Vendor acceptance: ✅ accepted' : '## Vendor acceptance: ❌ not accepted',
    );
    const junit = read('junit.xml');
    expect(junit).toMatch(
      accepted
        ? /^<testsuites tests="\d+" failures="0" skipped="0">$/m
        : /^<testsuites tests="\d+" failures="[1-9]\d*" skipped="0">$/m,
    );
    expect([...junit.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'acceptance 1. Contracts',
      'acceptance 2. Workflow',
      'acceptance 3. Load',
      'acceptance 4. Negative input',
    ]);
    // No secret in what it printed or in any file of its run folder (the verifier's output and the load run's too).
    const written = await writtenSince(run.outDir, 0);
    expect(written.map((f) => relative(run.outDir, f))).toEqual(
      expect.arrayContaining([
        'acceptance.json',
        'junit.xml',
        'report.html',
        'summary.md',
        'contracts-verifier-output.txt',
        'load/summary.json',
      ]),
    );
    expect(await scan(secretNeedles({ secret, apiKey }), written, events.join('\n'))).toEqual([]);
    const html = read('report.html');
    expect(html).toContain(
      accepted ? '<span class="verdict ok">ACCEPTED</span>' : '<span class="verdict fail">NOT ACCEPTED</span>',
    );
    expect(html.indexOf('id="sections"')).toBeLessThan(html.indexOf('id="section-contracts"'));
    for (const id of ['workflow-steps', 'load-integrity', 'latency', 'over-time', 'negative-findings', 'created']) {
      expect(html).toContain(`id="${id}"`);
    }
  }, 180_000);

  it('accepts a vendor that follows the document and chooses otherwise where it is silent, listing the differences and the lenient findings', async () => {
    const vendor = await startVendorDouble(mock.url);
    try {
      const run = await accept(vendor.url, 'vendor', ['--cases', '90']);
      expect(run.outcome.exitCode, run.lines.join('\n')).toBe(0);
      const contracts = run.section('contracts');
      expect(contracts.failures).toEqual([]);
      expect(contracts.notes).toEqual(
        expect.arrayContaining([
          'a request to lock a user offer locked by another transaction: differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
          'a request to unlock a user offer that is not locked: differs from our assumption: unlock of a user offer that is not locked: expected 409 NOT_LOCKED, got 200 OK',
        ]),
      );
      const negative = run.section('negative');
      expect(negative.counts.defect).toBe(0);
      expect(negative.counts.lenient).toBeGreaterThan(5);
      const lenient = negative.findings.filter((f) => f.rank === 'lenient');
      expect(lenient.every((f) => f.operationId === 'getUserOfferHistory' && f.status === 200)).toBe(true);
      expect(lenient[0]?.replay).toMatch(
        /^SESSIONM_RETAILER_ID=\S+ SESSIONM_STORE_ID=\S+ SESSIONM_CLIENT_ID=\S+ SESSIONM_TEST_EXTERNAL_CUSTOMER_ID=14311211 SESSIONM_TEST_USER_ID=\S+ npm run fuzz -- --target http:\/\/127\.0\.0\.1:\d+ --yes --operations fetchOffer,getUserOfferHistory,getUserOffers --seed 7 --case \d+$/,
      );
      expect(negative.status).toBe('passed');
      // A finding's replay line sends that very request again: npm run fuzz says the same case was accepted.
      const finding = lenient[0] as (typeof lenient)[number];
      const [, assignments = '', args = ''] = /^((?:\S+=\S+ )+)npm run fuzz -- (.*)$/.exec(finding.replay) ?? [];
      // In a child that does not block this process: the provider answering it lives here.
      const replayed = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, [...nodeEntry('scripts/fuzz.ts'), ...args.split(' ')], {
          cwd: root,
          env: {
            ...process.env,
            ...env,
            ...Object.fromEntries(
              assignments
                .trim()
                .split(' ')
                .map((a) => a.split('=')),
            ),
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (status) => done({ status, stdout, stderr }));
      });
      expect(replayed.status, replayed.stderr).toBe(1);
      expect(replayed.stdout).toContain(
        `getUserOfferHistory POST ${finding.path} with ${finding.description} → 200 (accepted)`,
      );
      expect(run.section('workflow').status).toBe('passed');
      expect(run.read('summary.md')).toContain('#### Lenient (information only: accepted input our schemas reject)');
      expect(run.read('report.html')).toContain('<span class="badge skip">lenient</span>');
      expect(run.read('junit.xml')).toMatch(/<testsuites tests="\d+" failures="0" skipped="[1-9]\d*">/);
    } finally {
      await vendor.close();
    }
  }, 180_000);

  it('as against staging (no admin API, no --members) with --strict: Load not run, differences failing, not accepted', async () => {
    const vendor = await startVendorDouble(mock.url);
    const live = join(scratch, 'live-fixtures.json');
    writeFileSync(live, JSON.stringify({ ...JSON.parse(readFileSync(fixtures, 'utf8')), mock_admin: false }));
    try {
      const run = await accept(vendor.url, 'live', ['--fixtures', live, '--strict', '--cases', '30']);
      expect(run.outcome.exitCode, run.lines.join('\n')).toBe(1);
      expect(run.result.sections.map((s) => [s.name, s.status])).toEqual([
        ['contracts', 'failed'],
        ['workflow', 'passed'],
        ['load', 'not-run'],
        ['negative', 'passed'],
      ]);
      // The plan said so before anything was sent.
      expect(run.lines.find((l) => l.startsWith('  3. Load'))).toMatch(
        /about 0 requests.*not run: no --members: 5 flows\/s need 8 test members/,
      );
      expect(run.section('load').reason).toMatch(/^no --members: 5 flows\/s need 8 test members of this provider/);
      const contracts = run.section('contracts');
      expect(contracts.notes).toEqual([]);
      expect(contracts.failures).toEqual(
        expect.arrayContaining([
          'a request to lock a user offer locked by another transaction: differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
          expect.stringMatching(
            /^not run: a request to lock a user offer whose offer is out of its dates: .*no expired user offer: set expired_user_offer_id/,
          ),
        ]),
      );
      expect(run.result.reasons).toEqual([
        expect.stringMatching(
          /^Contracts: failed: documented: every expectation held · assumptions: \d+ of 35 interactions differ \(--strict: failing\) · not run: 1 \(--strict: failing\)/,
        ),
        expect.stringMatching(/^Load: not run: no --members/),
      ]);
      expect(run.read('junit.xml')).toMatch(/<testsuite name="acceptance 3. Load" tests="1" failures="1"/);
      // No members were made through an admin API: a live provider has none.
      expect(run.result.created.some((c) => /members/.test(c.what))).toBe(false);
    } finally {
      await vendor.close();
    }
  }, 180_000);

  it('does not accept variants that break documented behaviour, naming the failing section and the JSON path or rule', async () => {
    type Body = Record<string, any>;
    const shape: Break = ({ operationId }, answer) => {
      const body = answer.body as Body;
      if (operationId === 'fetchOffer' && answer.status === 200)
        body.payload.offer.status = String(body.payload.offer.status);
      if (operationId === 'getUserOfferHistory' && answer.status === 200) delete body.payload.total_records;
      return answer;
    };
    const lock500: Break = ({ operationId }, answer) =>
      operationId === 'lockUserOffer'
        ? { status: 500, body: { status: 'ERROR', errors: { code: 'INTERNAL_SERVER_ERROR', message: 'lock is down' } } }
        : answer;
    // Says yes to a second redeem of a redeemed user offer, and records it: its history lists the offer twice.
    const redeemedAgain = new Set<string>();
    const doubleRedeem: Break = ({ operationId, body }, answer) => {
      if (operationId === 'sendTransaction' && answer.status === 409) {
        for (const d of (body as Body).request_payload.discounts)
          redeemedAgain.add(String(d.reference_id).toLowerCase());
        return { status: 200, body: { status: 'OK', payload: null, errors: null } };
      }
      if (operationId === 'getUserOfferHistory' && answer.status === 200) {
        const payload = (answer.body as Body).payload;
        const twice = payload.results.filter((r: Body) => redeemedAgain.has(r.user_offer_id.toLowerCase()));
        return {
          ...answer,
          body: {
            ...(answer.body as Body),
            payload: {
              ...payload,
              total_records: payload.total_records + twice.length,
              results: [...payload.results, ...twice],
            },
          },
        };
      }
      return answer;
    };
    // Each its own mock, side by side: a mock's state checks must see no other run.
    const mocks = await Promise.all([0, 1, 2].map(() => startMock({ apiKey })));
    const doubles = await Promise.all(
      [shape, lock500, doubleRedeem].map((breaks, i) => startVendorDouble((mocks[i] as RunningMock).url, { breaks })),
    );
    try {
      const runs = await Promise.all(doubles.map((d, i) => accept(d.url, `broken-${i}`, ['--cases', '30'])));
      const [typed, locked, twice] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
      for (const run of [typed, locked, twice]) {
        expect(run.outcome.exitCode, run.lines.join('\n')).toBe(1);
        expect(run.result.accepted).toBe(false);
        expect(run.read('summary.md').split('\n')[0]).toBe('## Vendor acceptance: ❌ not accepted');
      }

      // A wrong type and a dropped documented field: Contracts names each JSON path, Workflow stops at the fetch.
      expect(typed.section('contracts').status).toBe('failed');
      expect(typed.section('contracts').failures.join('\n')).toContain(
        'a request for an existing offer (given an offer exists): payload.offer.status: must be integer, got "1" by fetch-offer.response.json',
      );
      expect(typed.section('contracts').failures.join('\n')).toContain(
        "a request for a member's offer history (given a member holds an issued user offer): payload.total_records: required by user-offer-history.response.json",
      );
      expect(typed.section('workflow').failures).toEqual([
        'fetch it: payload.offer.status: must be integer, got "1" by fetch-offer.response.json',
      ]);
      expect(typed.section('negative').failures.join('\n')).toContain(
        'breaking the documented response shape: payload.total_records: required by user-offer-history.response.json',
      );
      expect(typed.result.reasons[0]).toMatch(/^Contracts: failed: documented: \d+ interactions failed/);

      // A 500 on Lock: every section that locks fails, saying so.
      expect(locked.section('contracts').failures.join('\n')).toContain(
        'a request to lock an issued user offer (given a member holds an issued user offer): HTTP status: expected 200, got 500',
      );
      expect(locked.section('workflow').failures).toEqual([
        'lock it against a basket: lockUserOffer → 500 INTERNAL_SERVER_ERROR: lock is down',
      ]);
      expect(locked.section('load').status).toBe('failed');
      expect(locked.section('load').failures[0]).toMatch(/^thresholds failed: .*redemption_flow_redeemed rate>=0\.99/);
      expect(locked.read('junit.xml')).toMatch(
        /<testcase classname="workflow.lockUserOffer" name="lock it against a basket: [^"]*">\n\s*<failure message="lockUserOffer → 500 INTERNAL_SERVER_ERROR: lock is down">/,
      );

      // A double redeem accepted and recorded: only the Workflow's rule sees it, and names it. (The three runs share
      // two cores, so the Load section's latency SLOs are not judged here; its integrity rules are.)
      expect(twice.section('contracts').status).toBe('passed');
      expect(twice.section('workflow').status).toBe('failed');
      expect(twice.section('load').integrity.every((r) => r.ok)).toBe(true);
      expect(twice.section('negative').status).toBe('passed');
      expect(twice.section('workflow').failures[0]).toMatch(
        /^a second transaction carrying it: after a second transaction carrying its discount was answered 200, the history lists user offer \S+ 2 times, 2 redeemed: a redeemed user offer was redeemed again$/,
      );
      expect(twice.section('workflow').steps.at(-1)?.check).toContain('a redeemed user offer is consumed');
    } finally {
      await Promise.all([...doubles, ...mocks].map((d) => d.close()));
    }
  }, 240_000);
});
