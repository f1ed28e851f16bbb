import { causeTagText } from '../client/causes.ts';
import { inPhase, latencySteps, metric, metricPrefix, trackingThreshold } from '../load/lib/names.ts';
import type { K6Summary, LoadInput, SummaryGroup, SummaryMetric } from './types.ts';

export type StepId = (typeof latencySteps)[number]['id'];

export const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
export type Percentile = (typeof PERCENTILES)[number];

// k6 names the median `med`; some outputs use p(50).
const STAT_KEYS: Record<Percentile, string[]> = {
  p50: ['med', 'p(50)'],
  p90: ['p(90)'],
  p95: ['p(95)'],
  p99: ['p(99)'],
  max: ['max'],
};

// k6 keeps sub-metric keys as the script wrote them: `{name:lock}`, `{ name: "lock" }` are the same metric.
const normalize = (key: string) => key.replace(/\s+/g, '').replace(/["']/g, '');

export function findMetric(summary: K6Summary, key: string): SummaryMetric | undefined {
  const exact = summary.metrics[key];
  if (exact) return exact;
  const want = normalize(key);
  for (const [k, m] of Object.entries(summary.metrics)) if (normalize(k) === want) return m;
  return undefined;
}

export function stat(metric: SummaryMetric | undefined, p: Percentile): number | null {
  if (!metric) return null;
  for (const k of STAT_KEYS[p]) {
    const v = metric.values[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

export interface StepRow {
  id: StepId;
  label: string;
  metric: string;
  present: boolean;
  values: Record<Percentile, number | null>;
}

export function stepRows(summary: K6Summary): StepRow[] {
  return latencySteps.map((s) => {
    const m = findMetric(summary, s.metric);
    const values = Object.fromEntries(PERCENTILES.map((p) => [p, stat(m, p)])) as Record<Percentile, number | null>;
    return { id: s.id, label: s.label, metric: s.metric, present: m !== undefined, values };
  });
}

export interface ThresholdRow {
  metric: string;
  expr: string;
  ok: boolean;
  /** The aggregate the expression tested, e.g. "p(95)=612.30" (absent when it cannot be told). */
  observed?: string;
}

const EXPR_STAT = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*[<>=!]/;

export function thresholdRows(summary: K6Summary): ThresholdRow[] {
  const rows: ThresholdRow[] = [];
  for (const [metric, m] of Object.entries(summary.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      // Declared only so k6 reports a sub-metric (load/lib/names.ts): not an SLO.
      if (expr.replace(/\s/g, '') === trackingThreshold) continue;
      const statName = EXPR_STAT.exec(expr)?.[1];
      const v = statName === undefined ? undefined : m.values[statName];
      const row: ThresholdRow = { metric, expr, ok: t.ok };
      if (statName !== undefined && typeof v === 'number') row.observed = `${statName}=${formatNumber(v)}`;
      rows.push(row);
    }
  }
  return rows.sort((a, b) => a.metric.localeCompare(b.metric) || a.expr.localeCompare(b.expr));
}

/** Why a threshold failed, in one line (junit failure message, report tables). */
export function thresholdReason(t: ThresholdRow): string {
  return `${t.metric}: threshold '${t.expr}' failed${t.observed ? ` (${t.observed})` : ''}`;
}

export interface CheckRow {
  name: string;
  passes: number;
  fails: number;
}

/** Checks of the whole group tree, group names prefixed ("group › check"). */
export function checkRows(summary: K6Summary): CheckRow[] {
  const out: CheckRow[] = [];
  const walk = (g: SummaryGroup, prefix: string) => {
    for (const c of g.checks ?? []) out.push({ name: prefix + c.name, passes: c.passes, fails: c.fails });
    for (const sub of g.groups ?? []) walk(sub, `${prefix}${sub.name} › `);
  };
  if (summary.root_group) walk(summary.root_group, '');
  return out;
}

/** Share of failed hot-path requests (`http_req_failed{phase:flow}`; runs before phases: all), null without one. */
export function errorRate(summary: K6Summary): number | null {
  const v = (summary.metrics[inPhase('http_req_failed', 'flow')] ?? summary.metrics.http_req_failed)?.values.rate;
  return typeof v === 'number' ? v : null;
}

export function counterValue(summary: K6Summary, name: string): number | null {
  const v = summary.metrics[name]?.values.count;
  return typeof v === 'number' ? v : null;
}

const ERROR_SUBMETRIC = new RegExp(`^${metric.errors}\\{code:\\s*"?([^"}]+)"?\\}$`);

/** Errors by code: given counts, plus the summary's redemption_errors{code:…} sub-metrics (k6 and the engine). */
export function errorsByCode(load: { summary: K6Summary; errorsByCode?: Record<string, number> }): [string, number][] {
  const counts: Record<string, number> = { ...load.errorsByCode };
  for (const [key, m] of Object.entries(load.summary.metrics)) {
    const code = ERROR_SUBMETRIC.exec(key)?.[1];
    const n = m.values.count ?? 0;
    if (code && n > 0) counts[code] = Math.max(counts[code] ?? 0, n);
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}

/** Failed hot-path requests (http_req_failed counts a failed one as a pass of its rate) out of all, null without the metric. */
export function failedRequests(summary: K6Summary): { failed: number; total: number } | null {
  // The hot path's, as errorRate: set-up and teardown requests are no part of it.
  const v = (summary.metrics[inPhase('http_req_failed', 'flow')] ?? summary.metrics.http_req_failed)?.values;
  if (typeof v?.passes !== 'number' || typeof v.fails !== 'number') return null;
  return { failed: v.passes, total: v.passes + v.fails };
}

export interface CauseRow {
  /** The `code` tag, e.g. HTTP_409_LOCK_CONFLICT. */
  tag: string;
  /** In words: "HTTP 409 LOCK_CONFLICT", "connection reset". */
  cause: string;
  count: number;
}

/** The errors the checks counted, by cause, most frequent first. */
export function errorCauses(load: Pick<LoadInput, 'summary' | 'errorsByCode'>): CauseRow[] {
  return errorsByCode(load).map(([tag, count]) => ({ tag, cause: causeTagText(tag), count }));
}

/**
 * Failed requests no check counted: retried ones (the client retries a lost answer or a 5xx once) and answers the
 * flow expects (an unlock's NOT_LOCKED). So a failed request never goes unexplained next to the errors by cause.
 */
export function uncountedFailures(load: Pick<LoadInput, 'summary' | 'errorsByCode'>): number {
  const failed = failedRequests(load.summary)?.failed ?? 0;
  const counted = errorCauses(load)
    .filter((row) => row.tag !== 'SCHEMA')
    .reduce((sum, row) => sum + row.count, 0);
  return Math.max(0, failed - counted);
}

/** The embedded engine's failed requests by k6 error code, most frequent first (k6 runs have none). */
export function engineHttpErrors(summary: K6Summary): { code: string; message: string; count: number }[] {
  return Object.entries(summary.engine?.httpErrors ?? {})
    .map(([code, kind]) => ({ code, message: kind.message, count: kind.count }))
    .sort((a, b) => b.count - a.count);
}

/** The flow's outcome counters (lock conflicts, rejected redeems...): counters named redemption_*. */
export function flowCounters(summary: K6Summary): { name: string; count: number }[] {
  return Object.entries(summary.metrics)
    .filter(([name, m]) => m.type === 'counter' && name.startsWith(metricPrefix) && !name.includes('{'))
    .map(([name, m]) => ({ name, count: m.values.count ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(+v.toFixed(Math.abs(v) < 1 ? 4 : 2));
}

export function formatMs(v: number | null): string {
  if (v === null) return '—';
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
}

export function formatPct(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}
