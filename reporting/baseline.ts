import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorRate, findMetric, STEPS, stat as stepStat } from './summary-data.ts';
import type { BaselineComparison, BaselineRow, K6Summary, Tolerance } from './types.ts';

/** +20% on p95 and p99, +1 percentage point of failed requests: loopback runs vary by about ±15%. */
export const DEFAULT_TOLERANCE: Tolerance = { p95Pct: 20, p99Pct: 20, errorRatePts: 1 };

function row(metric: string, unit: BaselineRow['unit'], base: number | null, cur: number | null, limit: number | null) {
  const r: BaselineRow = { metric, unit, baseline: base, current: cur, changePct: null, change: null, limit, ok: true };
  if (base === null && cur === null) {
    r.note = 'missing in both runs';
  } else if (base === null) {
    r.note = 'missing in baseline: nothing to compare';
  } else if (cur === null) {
    // A metric the baseline had and this run lacks is a broken run, not an improvement.
    r.ok = false;
    r.note = 'missing in current run';
  } else {
    r.change = cur - base;
    r.changePct = base === 0 ? null : ((cur - base) / base) * 100;
    r.ok = limit === null || cur <= limit;
  }
  return r;
}

/**
 * Compares per-step p95/p99 and the error rate of two k6 summaries. A row fails when the current value
 * exceeds the baseline by more than the tolerance, or when the current run lacks a metric the baseline has.
 */
export function compareBaseline(
  current: K6Summary,
  baseline: K6Summary,
  tolerance: Partial<Tolerance> = {},
): BaselineComparison {
  const tol: Tolerance = { ...DEFAULT_TOLERANCE, ...tolerance };
  const rows: BaselineRow[] = [];
  for (const s of STEPS) {
    for (const p of ['p95', 'p99'] as const) {
      const base = stepStat(findMetric(baseline, s.metric), p);
      const cur = stepStat(findMetric(current, s.metric), p);
      const pct = p === 'p95' ? tol.p95Pct : tol.p99Pct;
      rows.push(row(`${s.label} ${p}`, 'ms', base, cur, base === null ? null : base * (1 + pct / 100)));
    }
  }
  const baseErr = errorRate(baseline);
  const curErr = errorRate(current);
  const toPct = (v: number | null) => (v === null ? null : v * 100);
  const limit = baseErr === null ? null : baseErr * 100 + tol.errorRatePts;
  rows.push(row('error rate (http_req_failed)', '%', toPct(baseErr), toPct(curErr), limit));
  return { tolerance: tol, rows, ok: rows.every((r) => r.ok) };
}

/** Reads a baseline from a run folder (its summary.json) or from a summary.json path. */
export async function loadBaseline(path: string): Promise<K6Summary> {
  const file = (await stat(path)).isDirectory() ? join(path, 'summary.json') : path;
  const data = JSON.parse(await readFile(file, 'utf8')) as K6Summary;
  if (typeof data !== 'object' || data === null || typeof data.metrics !== 'object') {
    throw new Error(`${file} is not a k6 summary (no "metrics" object)`);
  }
  return data;
}
