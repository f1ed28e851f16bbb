// What every bench section gets: where to write, how to log, and the shared run settings.
export interface BenchContext {
  /** reports/bench/<timestamp>-bench/: the engine's output folders, wrk scripts, logs. */
  workDir: string;
  log: (line: string) => void;
  /** Null when wrk is missing and could not be installed. */
  wrkPath: string | null;
  /** The bench k6 script bundled for the engine. */
  postBundle: string;
  /** `--baseline REF`: the engine as it is at REF, bundled as a child of its own, run beside the current one. */
  baseline?: { ref: string; child: string };
}
