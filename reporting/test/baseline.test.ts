import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareBaseline, DEFAULT_TOLERANCE } from '../../load/compare-baseline.ts';
import { formatMs } from '../../load/summary-stats.ts';
import { BaselineError, baselineLines, loadBaseline, resolveBaseline } from '../baseline.ts';
import type { K6Summary } from '../types.ts';
import * as fx from './fixtures/index.ts';

function scaled(key: string, stat: string, factor: number): K6Summary {
  const s = fx.summary();
  const m = s.metrics[key];
  if (!m) throw new Error(`fixture lacks ${key}`);
  m.values[stat] = (m.values[stat] as number) * factor;
  return s;
}

const row = (c: ReturnType<typeof compareBaseline>, metric: string) => c.rows.find((r) => r.metric === metric);

describe('compareBaseline', () => {
  it('passes a run identical to its baseline, with one row per step percentile and the error rate', () => {
    const c = compareBaseline(fx.summary(), fx.summary());
    expect(c.ok).toBe(true);
    expect(c.tolerance).toEqual(DEFAULT_TOLERANCE);
    expect(c.rows.map((r) => r.metric)).toEqual([
      'lookup p95',
      'lookup p99',
      'lock p95',
      'lock p99',
      'redeem p95',
      'redeem p99',
      'whole flow p95',
      'whole flow p99',
      'error rate (http_req_failed)',
    ]);
    expect(c.rows.every((r) => r.changePct === 0)).toBe(true);
  });

  it('fails a p95 regression beyond the tolerance and names the row', () => {
    const c = compareBaseline(scaled('http_req_duration{name:lock}', 'p(95)', 1.25), fx.summary());
    expect(c.ok).toBe(false);
    expect(c.rows.filter((r) => !r.ok).map((r) => r.metric)).toEqual(['lock p95']);
    const r = row(c, 'lock p95');
    expect(r?.baseline).toBe(9.1);
    expect(r?.changePct).toBeCloseTo(25, 6);
    expect(r?.limit).toBeCloseTo(9.1 * 1.2, 6);
  });

  it('passes a slowdown within the tolerance and any improvement', () => {
    expect(compareBaseline(scaled('redemption_flow_duration', 'p(99)', 1.19), fx.summary()).ok).toBe(true);
    const faster = compareBaseline(scaled('redemption_flow_duration', 'p(99)', 0.5), fx.summary());
    expect(faster.ok).toBe(true);
    expect(row(faster, 'whole flow p99')?.changePct).toBeCloseTo(-50, 6);
  });

  it('applies the p99 tolerance to p99 rows, not the p95 one', () => {
    const slower = scaled('http_req_duration{name:redeem}', 'p(99)', 1.3);
    expect(compareBaseline(slower, fx.summary(), { p95Pct: 50 }).ok).toBe(false);
    expect(compareBaseline(slower, fx.summary(), { p99Pct: 50 }).ok).toBe(true);
  });

  it('measures the error rate in percentage points', () => {
    const worse = (rate: number) => {
      const s = fx.summary();
      (s.metrics.http_req_failed as { values: Record<string, number> }).values.rate = rate;
      return s;
    };
    // Baseline fails 1.01% of requests; one point more is allowed.
    expect(compareBaseline(worse(0.0191), fx.summary()).ok).toBe(true);
    const c = compareBaseline(worse(0.0251), fx.summary());
    expect(c.ok).toBe(false);
    expect(row(c, 'error rate (http_req_failed)')).toMatchObject({ unit: '%', ok: false });
    expect(row(c, 'error rate (http_req_failed)')?.change).toBeCloseTo(1.5, 6);
    expect(compareBaseline(worse(0.0251), fx.summary(), { errorRatePts: 2 }).ok).toBe(true);
  });

  it('fails when the current run lacks a metric the baseline has', () => {
    const current = fx.summary();
    delete current.metrics['http_req_duration{name:redeem}'];
    const c = compareBaseline(current, fx.summary());
    expect(c.ok).toBe(false);
    expect(row(c, 'redeem p95')).toMatchObject({ ok: false, current: null, note: 'missing in current run' });
  });

  it('reports, without failing, a metric the baseline lacks (k6 default stats have no p99)', () => {
    const baseline = fx.summary();
    for (const m of Object.values(baseline.metrics)) delete m.values['p(99)'];
    const c = compareBaseline(fx.summary(), baseline);
    expect(c.ok).toBe(true);
    expect(row(c, 'lock p99')).toMatchObject({
      ok: true,
      baseline: null,
      note: 'missing in baseline: nothing to compare',
    });
  });

  it('matches sub-metric keys written with spaces or quotes', () => {
    const baseline = fx.summary();
    const m = baseline.metrics['http_req_duration{name:lock}'];
    delete baseline.metrics['http_req_duration{name:lock}'];
    if (m) baseline.metrics['http_req_duration{ name: "lock" }'] = m;
    expect(row(compareBaseline(fx.summary(), baseline), 'lock p95')).toMatchObject({ baseline: 9.1, ok: true });
  });
});

describe('loadBaseline', () => {
  it('reads a run folder or its summary.json, and rejects a file that is not a summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baseline-'));
    await writeFile(join(dir, 'summary.json'), JSON.stringify(fx.summary()));
    await writeFile(join(dir, 'other.json'), '{"hello": 1}');
    expect((await loadBaseline(dir)).metrics.http_reqs?.values.count).toBe(44031);
    expect((await loadBaseline(join(dir, 'summary.json'))).metrics.http_reqs?.values.count).toBe(44031);
    await expect(loadBaseline(join(dir, 'other.json'))).rejects.toThrow(/not a k6 summary/);
  });
});

describe('resolveBaseline', () => {
  it('follows a link such as reports/latest and names the run by its real folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baseline-'));
    const run = join(dir, '2026-01-01T00-00-00-000Z-load');
    await mkdir(run);
    await writeFile(join(run, 'summary.json'), JSON.stringify(fx.summary()));
    await symlink('2026-01-01T00-00-00-000Z-load', join(dir, 'latest'));
    const resolved = await resolveBaseline(join(dir, 'latest'));
    expect(resolved.source).toBe(run);
    expect(resolved.summary.metrics).toEqual(fx.summary().metrics);
  });

  it('says a verify folder is no load run, instead of a raw ENOENT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baseline-'));
    await mkdir(join(dir, '2026-01-01T00-00-00-000Z-verify'));
    await symlink('2026-01-01T00-00-00-000Z-verify', join(dir, 'latest'));
    const error = await resolveBaseline(join(dir, 'latest')).catch((e: Error) => e);
    expect(error).toBeInstanceOf(BaselineError);
    expect((error as Error).message).toMatch(
      /latest \(.*-verify\) holds no summary\.json: a contract verification, not a load run; give a load run folder/,
    );
    expect((error as Error).message).not.toMatch(/ENOENT/);
    await expect(resolveBaseline(join(dir, 'nothing'))).rejects.toThrow(/nothing: no such run folder or summary\.json/);
  });
});

describe('baselineLines', () => {
  it('print every row with units and rounding, and the verdict first', () => {
    const current = scaled('http_req_duration{name:lookup}', 'p(95)', 1.42);
    const c = { ...compareBaseline(current, fx.summary(), { p95Pct: 10 }), source: 'reports/run-a' };
    const lookup = c.rows.find((r) => r.metric === 'lookup p95');
    const lines = baselineLines(c);
    expect(lines[0]).toBe('baseline reports/run-a: REGRESSION in 1 of 9');
    expect(lines).toContain(
      `  ✗ lookup p95 ${formatMs(lookup?.current ?? 0)} vs ${formatMs(lookup?.baseline ?? 0)} (+42 %), limit +10 %`,
    );
    expect(lines.find((l) => l.includes('error rate'))).toMatch(
      /✓ error rate [\d.]+ % vs [\d.]+ % \(\+0\.00 pts\), limit \+1 pts$/,
    );
    expect(baselineLines(compareBaseline(fx.summary(), fx.summary()))[0]).toBe('baseline: no regression (9 compared)');
  });
});
