// Numbers read out of a k6 summary (summary.json): a metric by its key however the script spelled the tag, a
// percentile under either of k6's names, the hot path's failed requests. The baseline comparison, the run's
// messages and reporting/ read a summary through these.
import { inPhase } from './lib/names.ts';
import type { K6Summary, SummaryMetric } from './results.ts';

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

// Set-up and teardown requests are no part of the hot path: `http_req_failed{phase:flow}`, or all on runs before phases.
const hotPathFailed = (summary: K6Summary) =>
  (summary.metrics[inPhase('http_req_failed', 'flow')] ?? summary.metrics.http_req_failed)?.values;

/** Share of failed hot-path requests, null without the metric. */
export function errorRate(summary: K6Summary): number | null {
  const v = hotPathFailed(summary)?.rate;
  return typeof v === 'number' ? v : null;
}

/** Failed hot-path requests (http_req_failed counts a failed one as a pass of its rate) out of all, null without the metric. */
export function failedRequests(summary: K6Summary): { failed: number; total: number } | null {
  const v = hotPathFailed(summary);
  if (typeof v?.passes !== 'number' || typeof v.fails !== 'number') return null;
  return { failed: v.passes, total: v.passes + v.fails };
}

/** A latency as messages and reports show it: "2.36 ms", "612 ms"; "—" for none. */
export function formatMs(v: number | null): string {
  if (v === null) return '—';
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
}
