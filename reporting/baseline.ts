import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { latencySteps } from '../load/lib/names.ts';
import { errorRate, findMetric, formatMs, stat as stepStat } from './summary-data.ts';
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
  for (const s of latencySteps) {
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
  return (await resolveBaseline(path)).summary;
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/**
 * A baseline by its real name: links such as reports/latest are followed when the run starts, so the comparison
 * names the run it compared with (not the link, which the run itself may move). Throws BaselineError with a
 * message that says what the path is and what is needed.
 */
export async function resolveBaseline(path: string): Promise<{ summary: K6Summary; source: string }> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new BaselineError(`${path}: no such run folder or summary.json`);
  }
  const isDir = (await stat(real)).isDirectory();
  const file = isDir ? join(real, 'summary.json') : real;
  const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
  const source = isDir ? shown.replace(/\/?summary\.json$/, '') || '.' : shown;
  const named = real === path || shown === path ? path : `${path} (${source})`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    const kind = /-(verify|start|load|soak)$/.exec(basename(real))?.[1];
    const what = kind === 'verify' ? 'a contract verification, not a load run' : 'not a load run folder';
    throw new BaselineError(`${named} holds no summary.json: ${what}; give a load run folder or its summary.json`);
  }
  let data: K6Summary;
  try {
    data = JSON.parse(text) as K6Summary;
  } catch (error) {
    throw new BaselineError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || typeof data.metrics !== 'object') {
    throw new BaselineError(`${file} is not a k6 summary (no "metrics" object)`);
  }
  return { summary: data, source };
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

/** The comparison for the console: a verdict line naming the baseline, then ✓/✗ per row. */
export function baselineLines(c: BaselineComparison): string[] {
  const failed = c.rows.filter((r) => !r.ok).length;
  const head = failed
    ? `baseline ${c.source ?? ''}: REGRESSION in ${failed} of ${c.rows.length}`
    : `baseline ${c.source ?? ''}: no regression (${c.rows.length} compared)`;
  return [
    head.replace('baseline :', 'baseline:'),
    ...c.rows.map((r) => `  ${r.ok ? '✓' : '✗'} ${baselineRowText(r, c.tolerance)}`),
  ];
}
