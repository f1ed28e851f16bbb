// Report files of a verification, through the shared reporting room (report.html, junit.xml, summary.md,
// verification.json), plus the verifier's own console output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectSettings, type InteractionResult as ReportInteraction, writeReports } from '../../reporting/index.ts';
import type { InteractionResult } from './results.ts';

/** A pending pact's failure is shown but, as Pact does, does not fail the run. */
export function toReportInteractions(results: InteractionResult[]): ReportInteraction[] {
  return results.map((r) => ({
    consumer: r.consumer,
    provider: r.provider,
    description: r.pending && !r.passed ? `${r.description} (pending pact)` : r.description,
    ...(r.states.length ? { providerState: r.states.join(' and ') } : {}),
    ok: r.passed || r.pending,
    mismatches: r.failures.map((message) => ({ message })),
  }));
}

export interface ReportMeta {
  offersUrl: string;
  posUrl: string;
}

/** Writes the run folder `dir`; returns the paths worth printing. */
export async function writeVerificationReports(
  dir: string,
  results: InteractionResult[],
  output: string,
  meta: ReportMeta,
) {
  const target = meta.offersUrl === meta.posUrl ? meta.offersUrl : `offers ${meta.offersUrl}, POS ${meta.posUrl}`;
  const files = await writeReports(dir, {
    kind: 'verify',
    verify: { interactions: toReportInteractions(results), settings: collectSettings({ target }) },
  });
  const verifierOutput = join(dir, 'verifier-output.txt');
  writeFileSync(verifierOutput, output);
  return { ...files, verifierOutput };
}
