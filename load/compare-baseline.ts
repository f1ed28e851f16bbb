// Two load runs side by side: this run's per-step p95/p99 and hot-path error rate against a saved run's (the
// baseline), each within a tolerance. The run fails on a regression (exit 99); reporting/ shows the rows.
import { latencySteps } from './lib/names.ts';
import type { K6Summary } from './results.ts';
import { errorRate, findMetric, formatMs, stat } from './summary-stats.ts';

export interface Tolerance {
  /** Allowed p95 increase, percent of the baseline. */
  p95Pct: number;
  /** Allowed p99 increase, percent of the baseline. */
  p99Pct: number;
  /** Allowed error-rate increase, in percentage points. */
  errorRatePts: number;
}

export interface BaselineRow {
  metric: string;
  unit: 'ms' | '%';
  baseline: number | null;
  current: number | null;
  /** Relative change in percent; null when either side is missing or the baseline is 0. */
  changePct: number | null;
  /** Absolute change in the row's unit (percentage points for the error rate). */
  change: number | null;
  /** The largest allowed value for `current`. */
  limit: number | null;
  ok: boolean;
  note?: string;
}

export interface BaselineComparison {
  /** Where the baseline came from, shown to the reader. */
  source?: string;
  tolerance: Tolerance;
  rows: BaselineRow[];
  ok: boolean;
}

/** A saved run's summary and where it came from (reporting/baseline.ts finds it). */
export interface Baseline {
  summary: K6Summary;
  source: string;
}

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
  for (const s of latencySteps) {
    for (const p of ['p95', 'p99'] as const) {
      const base = stat(findMetric(baseline, s.metric), p);
      const cur = stat(findMetric(current, s.metric), p);
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

const signed = (n: number, digits = 0) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;

function value(r: BaselineRow, v: number | null): string {
  if (v === null) return 'missing';
  return r.unit === 'ms' ? formatMs(v) : `${v.toFixed(2)} %`;
}

/** One row as a person reads it: "lookup p95 2.36 ms vs 1.66 ms (+42 %), limit +20 %". */
export function baselineRowText(r: BaselineRow, tolerance: Tolerance): string {
  const name = r.metric.replace(' (http_req_failed)', '');
  if (r.current === null || r.baseline === null) return `${name} ${r.note ?? 'missing'}`;
  if (r.unit === '%') {
    const pts = r.current - r.baseline;
    return `${name} ${value(r, r.current)} vs ${value(r, r.baseline)} (${signed(pts, 2)} pts), limit +${tolerance.errorRatePts} pts`;
  }
  const pct = /p99$/.test(r.metric) ? tolerance.p99Pct : tolerance.p95Pct;
  const change = r.changePct === null ? '' : ` (${signed(r.changePct)} %)`;
  return `${name} ${value(r, r.current)} vs ${value(r, r.baseline)}${change}, limit +${pct} %`;
}
