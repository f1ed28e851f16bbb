// A load run's last stage: what the generator left, judged. The baseline comparison, the mock's state against the
// run's counters (integrity), the one cause behind every failure, the run as its reports show it (reporting/ writes
// them, the caller says where), and one exit code with its one-line message.
import { exitCodes, runExitCode } from '../../client/exit-codes.ts';
import type { MockState } from '../../schemas/generated/types.ts';
import { type BaselineComparison, baselineRowText, compareBaseline, type Tolerance } from '../compare-baseline.ts';
import { type IntegrityDifference, integrityDifferences } from '../integrity.ts';
import { metric } from '../lib/names.ts';
import { describeProfile } from '../lib/profiles.ts';
import type { InjectedFaults, IntegrityReport, K6Summary, LoadReport, RunSettings, Timeseries } from '../results.ts';
import { runCause, setupAbortReason } from '../run-cause.ts';
import { collectSettings } from '../run-settings.ts';
import type { Launched } from './launch.ts';
import type { Engine, PreparedRun } from './prepare.ts';

export interface LoadResult {
  /** As client/exit-codes.ts names them; `runExitCode` picks one when several checks failed. */
  exitCode: number;
  message: string;
  /** What ran, as the reports show it: the target, the profile, the engine that ran. */
  settings?: RunSettings;
  /** The generator: which one ran, its pid and its own exit code. */
  launch?: Pick<Launched, 'engine' | 'pid' | 'exitCode'>;
  summary?: K6Summary;
  timeseries?: Timeseries;
  /** The run as every report of it shows it, for the caller to write (reporting/'s writeReports). */
  report?: LoadReport;
  /** Against a mock: the redemptions it recorded during the run next to the flows that ended redeemed. */
  reconciliation?: { mockRedemptions: number; flowsRedeemed: number };
  /** Against a mock: where its state and the run's counters disagree (lost or doubled redemptions, stray locks). */
  integrity?: IntegrityDifference[];
  /** Against a mock: the verdict as the reports show it. */
  integrityReport?: IntegrityReport;
  /** When every flow failed the same way: that cause in one line, with what to check. */
  cause?: string;
  baseline?: BaselineComparison;
}

export interface CollectOptions {
  /** How the reports name the target ("embedded mock http://127.0.0.1:…" or the URL). */
  targetLabel: string;
  /** The mock's state before and after the run, when the target is one. */
  mockStates?: { before: MockState; after: MockState };
  tolerance?: Partial<Tolerance>;
  faults?: InjectedFaults;
}

export const engineLabel = (engine: Engine) => (engine === 'k6' ? 'k6' : 'embedded (node)');

function failedThresholds(summary: K6Summary): string[] {
  return Object.entries(summary.metrics).flatMap(([name, m]) =>
    Object.entries(m.thresholds ?? {})
      .filter(([, t]) => !t.ok)
      .map(([source]) => `${name} ${source}`),
  );
}

function integrityOf(summary: K6Summary, { before, after }: { before: MockState; after: MockState }) {
  const flowsRedeemed = summary.metrics[metric.flowRedeemed]?.values.passes ?? 0;
  const differences = integrityDifferences(after, summary, before);
  const report: IntegrityReport = {
    ok: differences.length === 0,
    expectedRedemptions: flowsRedeemed,
    recordedRedemptions: after.redemptions - before.redemptions,
    unacknowledgedRedemptions: after.unacknowledged_redemptions - before.unacknowledged_redemptions,
    locksLeft: after.locks - before.locks,
    differences: differences.map((d) => d.message),
  };
  return {
    differences,
    report,
    reconciliation: { mockRedemptions: after.redemptions - before.redemptions, flowsRedeemed },
  };
}

/** The message follows the code runExitCode chose. */
function messageOf(result: LoadResult, generatorExit: number, regressions: BaselineComparison['rows']): string {
  const { summary } = result;
  if (generatorExit !== exitCodes.ok && generatorExit !== exitCodes.thresholdsFailed) {
    const reason = summary ? setupAbortReason(summary) : undefined;
    return reason
      ? `the run was aborted (exit ${generatorExit}): ${reason}`
      : `the run failed with exit code ${generatorExit} (104 bad options, 107 script error, 108 setup aborted: see the log above)`;
  }
  if ((result.integrity?.length ?? 0) > 0)
    return `integrity: ${(result.integrity ?? []).map((d) => d.message).join('; ')}`;
  if (generatorExit === exitCodes.thresholdsFailed)
    return `thresholds failed: ${summary ? failedThresholds(summary).join('; ') : 'see the log'}`;
  if (regressions.length > 0) {
    const tolerance = result.baseline?.tolerance as Tolerance;
    return `slower than the baseline: ${regressions.map((r) => baselineRowText(r, tolerance)).join('; ')}`;
  }
  return 'all thresholds held';
}

export function collect(run: PreparedRun, launched: Launched, o: CollectOptions): LoadResult {
  const { summary, timeseries } = launched;
  const settings = collectSettings({
    target: o.targetLabel,
    profile: run.settings.profile,
    engine: engineLabel(launched.engine),
    extra: { rate: describeProfile(run.settings) },
  });
  const result: LoadResult = {
    exitCode: launched.exitCode,
    message: '',
    settings,
    launch: { engine: launched.engine, pid: launched.pid, exitCode: launched.exitCode },
  };
  if (summary) result.summary = summary;
  if (timeseries) result.timeseries = timeseries;
  if (summary && run.baseline) {
    result.baseline = { ...compareBaseline(summary, run.baseline.summary, o.tolerance), source: run.baseline.source };
  }
  if (summary && o.mockStates) {
    const integrity = integrityOf(summary, o.mockStates);
    result.integrity = integrity.differences;
    result.integrityReport = integrity.report;
    result.reconciliation = integrity.reconciliation;
  }
  const cause = summary ? runCause(summary) : undefined;
  if (cause) result.cause = cause;
  if (summary) {
    result.report = {
      summary,
      ...(timeseries ? { timeseries } : {}),
      settings,
      ...(o.faults ? { faults: o.faults } : {}),
      ...(result.integrityReport ? { integrity: result.integrityReport } : {}),
    };
  }
  const regressions = result.baseline?.rows.filter((row) => !row.ok) ?? [];
  result.exitCode = runExitCode({
    runExitCode: launched.exitCode,
    correctnessFailed: (result.integrity?.length ?? 0) > 0,
    baselineRegressed: regressions.length > 0,
  });
  result.message = messageOf(result, launched.exitCode, regressions);
  return result;
}
