// What the run was, in every report: injected faults, the integrity verdict, errors by cause.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHtml } from '../html.ts';
import { buildJunit } from '../junit.ts';
import { buildMarkdown } from '../markdown.ts';
import type { IntegrityReport, K6Summary, LoadInput } from '../types.ts';
import { verdict } from '../verdict.ts';
import { readRun, writeReports } from '../write.ts';
import * as fx from './fixtures/index.ts';
import { all, parseXml } from './xml.ts';

const dir = mkdtempSync(join(tmpdir(), 'run-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const assets = { css: '', script: '' };
const faults = {
  file: 'mock/faults/flaky-redeem.json',
  seed: 42,
  rules: [{ route: 'sendTransaction', error: { status: 503, rate: 0.1 } }],
};
const held: IntegrityReport = {
  ok: true,
  expectedRedemptions: 6000,
  recordedRedemptions: 6012,
  unacknowledgedRedemptions: 12,
  locksLeft: 0,
  differences: [],
};
const broken: IntegrityReport = {
  ...held,
  ok: false,
  locksLeft: 3,
  differences: ['3 user offers are still locked after teardown (locks 0 before the run, 3 after)'],
};
const load = (extra: Partial<LoadInput> = {}): LoadInput => ({ summary: fx.summary(), settings: {}, ...extra });

describe('injected faults', () => {
  it('are named with their file and rules in summary.md and report.html', () => {
    const md = buildMarkdown({ kind: 'load', load: load({ faults }) });
    expect(md).toContain('**Injected faults:** 1 fault rule from mock/faults/flaky-redeem.json, seed 42');
    expect(md).toContain('- `{"route":"sendTransaction","error":{"status":503,"rate":0.1}}`');
    const html = buildHtml({ kind: 'load', load: load({ faults }) }, assets);
    expect(html).toContain('<h2>Injected faults</h2>');
    expect(html).toContain('1 fault rule from mock/faults/flaky-redeem.json');
  });

  it('are absent from a run without faults', () => {
    expect(buildMarkdown({ kind: 'load', load: load() })).not.toContain('Injected faults');
  });
});

describe('the integrity verdict', () => {
  it('is in summary.md, report.html and junit.xml as a test case', () => {
    const md = buildMarkdown({ kind: 'load', load: load({ integrity: held }) });
    expect(md).toContain(
      'integrity: passed: 6000 flows redeemed, the mock recorded 6012 redemptions (12 with every answer dropped by a fault), 0 locks left',
    );
    expect(buildHtml({ kind: 'load', load: load({ integrity: held }) }, assets)).toContain('<h2>Integrity</h2>');
    const suites = all(parseXml(buildJunit({ load: load({ integrity: held }) })), 'testsuite');
    const integrity = suites.find((s) => s.attrs.name === 'load integrity');
    expect(integrity?.attrs).toMatchObject({ tests: '1', failures: '0' });
  });

  it('fails the run, the junit case and the page when the mock disagrees', () => {
    const input = { kind: 'load' as const, load: load({ integrity: broken }) };
    expect(verdict(input).reasons).toContain("the mock's state disagrees with the run");
    const cases = all(parseXml(buildJunit(input)), 'testcase').filter((c) => c.attrs.classname === 'load.integrity');
    expect(cases).toHaveLength(1);
    expect(cases[0]?.children[0]?.attrs.message).toBe(
      'integrity: FAILED: 3 user offers are still locked after teardown (locks 0 before the run, 3 after)',
    );
    expect(buildMarkdown(input)).toContain('❌ integrity: FAILED: 3 user offers are still locked');
  });

  it('and the faults are kept in run.json, so npm run report rebuilds them', async () => {
    const runDir = join(dir, '2026-01-01T00-00-00-000Z-load');
    await writeReports(runDir, { kind: 'load', load: load({ faults, integrity: broken }) }, { updateLatest: false });
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    expect(run.faults).toEqual(faults);
    expect(run.integrity).toEqual(broken);
    const back = await readRun(runDir);
    expect(back.load?.faults).toEqual(faults);
    expect(back.load?.integrity).toEqual(broken);
  });
});

describe('errors by cause', () => {
  const withErrors = (metrics: K6Summary['metrics'], engine?: K6Summary['engine']): LoadInput =>
    load({ summary: { metrics, ...(engine ? { engine } : {}) } });

  it('name each cause in words: status and code, connection reset, timeout, non-JSON body', () => {
    const md = buildMarkdown({
      load: withErrors({
        http_req_failed: { type: 'rate', values: { rate: 0.5, passes: 6, fails: 6 } },
        'redemption_errors{code:HTTP_409_LOCK_CONFLICT}': { type: 'counter', values: { count: 2 } },
        'redemption_errors{code:RESET}': { type: 'counter', values: { count: 2 } },
        'redemption_errors{code:TIMEOUT}': { type: 'counter', values: { count: 1 } },
        'redemption_errors{code:NON_JSON}': { type: 'counter', values: { count: 1 } },
      }),
    });
    expect(md).toContain('| HTTP 409 LOCK_CONFLICT | 2 |');
    expect(md).toContain('| connection reset | 2 |');
    expect(md).toContain('| timed out | 1 |');
    expect(md).toContain('| non-JSON body | 1 |');
    expect(md).not.toContain('counted by no check');
  });

  it('never say "no errors" beside failed requests: retried ones are explained, and the engine names them', () => {
    const input = {
      load: withErrors(
        { http_req_failed: { type: 'rate', values: { rate: 0.02, passes: 20, fails: 980 } } },
        { httpErrors: { '1503': { message: '503 Service Unavailable', count: 20 } } },
      ),
    };
    const html = buildHtml(input, assets);
    expect(html).not.toMatch(/No errors/);
    expect(html).toContain('No check failed.');
    expect(html).toContain('20 failed requests were counted by no check');
    expect(html).toContain('503 Service Unavailable');
    expect(buildMarkdown(input)).toContain('**Failed requests by k6 error code:** 1503 503 Service Unavailable ×20');
    const clean = buildHtml(
      { load: withErrors({ http_req_failed: { type: 'rate', values: { rate: 0, passes: 0, fails: 9 } } }) },
      assets,
    );
    expect(clean).toContain('No errors.');
  });
});
