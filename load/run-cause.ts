// What a load run's errors come down to, read from its summary: the errors the checks counted by cause, the one
// cause behind every failed flow, or the reason the engine aborted the run.
import { causeFromTag, causeTagText, collapsedLine, commonCauseCounted } from '../client/causes.ts';
import { metric } from './lib/names.ts';
import type { K6Summary } from './results.ts';

/** A summary and error counts given besides it (a run.json of an older run). */
export interface ErrorCounts {
  summary: K6Summary;
  /** Error counts by code, e.g. {LOCK_CONFLICT: 12, 'http 503': 2}. */
  errorsByCode?: Record<string, number>;
}

const ERROR_SUBMETRIC = new RegExp(`^${metric.errors}\\{code:\\s*"?([^"}]+)"?\\}$`);

/** Errors by code: given counts, plus the summary's redemption_errors{code:…} sub-metrics (k6 and the engine). */
export function errorsByCode(load: ErrorCounts): [string, number][] {
  const counts: Record<string, number> = { ...load.errorsByCode };
  for (const [key, m] of Object.entries(load.summary.metrics)) {
    const code = ERROR_SUBMETRIC.exec(key)?.[1];
    const n = m.values.count ?? 0;
    if (code && n > 0) counts[code] = Math.max(counts[code] ?? 0, n);
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1]);
}

export interface CauseRow {
  /** The `code` tag, e.g. HTTP_409_LOCK_CONFLICT. */
  tag: string;
  /** In words: "HTTP 409 LOCK_CONFLICT", "connection reset". */
  cause: string;
  count: number;
}

/** The errors the checks counted, by cause, most frequent first. */
export function errorCauses(load: ErrorCounts): CauseRow[] {
  return errorsByCode(load).map(([tag, count]) => ({ tag, cause: causeTagText(tag), count }));
}

/** "every flow failed: all 600 errors have one cause: HTTP 503: …" when no flow redeemed and one cause explains it. */
export function runCause(summary: K6Summary): string | undefined {
  const flows = summary.metrics[metric.flowRedeemed]?.values;
  if (!flows || (flows.passes ?? 0) > 0 || (flows.fails ?? 0) === 0) return undefined;
  const entries = errorCauses({ summary }).map((row) => ({ cause: causeFromTag(row.tag), count: row.count }));
  if (entries.some((e) => e.cause === undefined)) return undefined;
  const found = commonCauseCounted(
    entries as { cause: NonNullable<(typeof entries)[number]['cause']>; count: number }[],
  );
  return found ? `every flow failed: ${collapsedLine(found, 'errors')}` : undefined;
}

/** The embedded engine records why it aborted (setup's test.abort, a script error); k6's summary has no such field. */
export function setupAbortReason(summary: K6Summary): string | undefined {
  return summary.engine?.aborted?.reason;
}
