// What a failed load run comes down to, in one line, read from its summary: one cause behind every failed flow,
// or the reason the engine aborted the run.
import { causeFromTag, collapsedLine, commonCauseCounted } from '../client/causes.ts';
import { errorCauses, type K6Summary } from '../reporting/index.ts';
import { metric } from './lib/names.ts';

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
