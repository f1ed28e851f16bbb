// A k6 summary as the reports' tables show it: per-step rows, thresholds, checks, counters. The numbers are read by
// load/summary-stats.ts, the errors by cause by load/run-cause.ts.
import { latencySteps, metricPrefix, trackingThreshold } from '../load/lib/names.ts';
import type { K6Summary, SummaryGroup } from '../load/results.ts';
import { type ErrorCounts, errorCauses } from '../load/run-cause.ts';
import { failedRequests, findMetric, PERCENTILES, type Percentile, stat } from '../load/summary-stats.ts';

export type StepId = (typeof latencySteps)[number]['id'];

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

export function counterValue(summary: K6Summary, name: string): number | null {
  const v = summary.metrics[name]?.values.count;
  return typeof v === 'number' ? v : null;
}

/**
 * Failed requests no check counted: retried ones (the client retries a lost answer or a 5xx once) and answers the
 * flow expects (an unlock's NOT_LOCKED). So a failed request never goes unexplained next to the errors by cause.
 */
export function uncountedFailures(load: ErrorCounts): number {
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

export function formatPct(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}
