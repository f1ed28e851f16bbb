// Every exit code the suite's commands end with, named once. 99 and up are k6's (grafana/k6 v1.8.1,
// errext/exitcodes/codes.go): the embedded engine exits with them as k6 does, and the commands that run a load test
// pass them on. No Node built-ins.
export const exitCodes = {
  /** Everything held. */
  ok: 0,
  /** A check failed: a contract, the mock's state against the run (integrity), the soak's memory, a fuzz finding. */
  failed: 1,
  /** Nothing was sent: a bad argument or setting, a remote target without --yes, a target that did not answer. */
  refused: 2,
  /** A bug in the suite (BSD's EX_SOFTWARE), apart from every verdict a run can give. */
  bug: 70,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  /** The embedded engine's own failure: k6's GenericEngine until v0.45 (its ScriptStoppedFromRESTAPI now). */
  engineError: 103,
  invalidConfig: 104,
  scriptException: 107,
  /** exec.test.abort(), also from set-up: the run stopped before its load. */
  scriptAborted: 108,
  /** exec.test.fail(): the run went on and is marked failed. */
  markedAsFailed: 110,
  /** Ended by a signal: 128 + SIGINT's 2, as shells report it. */
  interrupted: 130,
} as const;

/** A child process's exit code; one that a signal ended counts as interrupted. */
export const childExitCode = (code: number | null, signal: string | null): number =>
  code ?? (signal ? exitCodes.interrupted : exitCodes.failed);

export interface RunChecks {
  /** What k6 or the embedded engine exited with. */
  runExitCode: number;
  /** A check of correctness failed: the mock's state against the run, the contracts, the soak's memory. */
  correctnessFailed: boolean;
  /** The run is slower than its baseline (--baseline). */
  baselineRegressed?: boolean;
}

/**
 * The one exit code of a run that several checks judged, in this order:
 * 1. a run that did not end as planned (anything but 0 and 99: an invalid option, a script error, an abort, a
 *    signal) keeps its own code, since what the other checks saw follows from it;
 * 2. a failed check of correctness is 1, ahead of the thresholds: a lost redemption is a defect whatever the latencies;
 * 3. a failed threshold or a baseline regression is 99;
 * 4. else 0.
 */
export function runExitCode(checks: RunChecks): number {
  const { runExitCode: code } = checks;
  if (code !== exitCodes.ok && code !== exitCodes.thresholdsFailed) return code;
  if (checks.correctnessFailed) return exitCodes.failed;
  if (code === exitCodes.thresholdsFailed || checks.baselineRegressed) return exitCodes.thresholdsFailed;
  return exitCodes.ok;
}
