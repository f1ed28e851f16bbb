// Report files of a verification, through the shared reporting room (report.html, junit.xml, summary.md,
// verification.json), plus the verifier's own console output.
import { join } from 'node:path';
import {
  collectSettings,
  type InteractionResult as ReportInteraction,
  runDirName,
  writeReports,
} from '../../reporting/index.ts';
import { counts, type InteractionResult } from './results.ts';

/** Where a verification run writes its reports: `reports/<timestamp>-verify` (CI uploads what matches). */
export const verificationRunDir = (startedAt: Date, reportsDir = 'reports') =>
  join(reportsDir, runDirName('verify', startedAt));

/** Each interaction for the shared reports; `ok` is whether it lets the run pass (differences do unless strict). */
export function toReportInteractions(results: InteractionResult[], strict: boolean): ReportInteraction[] {
  return results.map((r) => ({
    consumer: r.consumer,
    provider: r.provider,
    description: r.pendingPact && r.outcome === 'failed' ? `${r.description} (pending pact)` : r.description,
    ...(r.states.length ? { providerState: r.states.join(' and ') } : {}),
    ok: counts(r, strict),
    outcome: r.outcome,
    mismatches: r.failures.map((message) => ({ message })),
    differences: r.differences.map(({ message, details }) => ({ message, details })),
    ...(r.notRun ? { notRun: r.notRun } : {}),
  }));
}

export interface ReportMeta {
  offersUrl: string;
  posUrl: string;
  strict: boolean;
}

/** Writes the run folder `dir`; returns the paths worth printing. */
export async function writeVerificationReports(
  dir: string,
  results: InteractionResult[],
  output: string,
  meta: ReportMeta,
) {
  const target = meta.offersUrl === meta.posUrl ? meta.offersUrl : `offers ${meta.offersUrl}, POS ${meta.posUrl}`;
  const files = await writeReports(
    dir,
    {
      kind: 'verify',
      verify: {
        interactions: toReportInteractions(results, meta.strict),
        settings: collectSettings({ target, extra: { strict: meta.strict } }),
        strict: meta.strict,
      },
    },
    { files: { 'verifier-output.txt': output } },
  );
  return { ...files, verifierOutput: join(dir, 'verifier-output.txt') };
}
