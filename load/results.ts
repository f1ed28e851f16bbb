// What a load run leaves, declared once: summary.json (k6's end-of-test summary data, handleSummary's `data`, from
// k6 or the embedded engine), timeseries.json (the embedded engine's per-interval series), and the run as its
// reports show it (LoadReport). Types only: the engine builds the files, the script's handleSummary, the integrity
// check and the run pipeline read them, reporting/ shows them. Every part a reader may meet missing (a k6 file, an
// older file) is optional.

export interface SummaryCheck {
  name: string;
  path?: string;
  id?: string;
  passes: number;
  fails: number;
}

export interface SummaryGroup {
  name: string;
  path?: string;
  id?: string;
  groups: SummaryGroup[];
  checks: SummaryCheck[];
}

export interface SummaryMetric {
  // (string & {}): a reader keeps going on a type it does not know.
  type: 'trend' | 'counter' | 'rate' | 'gauge' | (string & {});
  contains?: 'default' | 'time' | 'data' | (string & {});
  /** trend: the summaryTrendStats (avg, med, p(95)…); counter: count, rate; rate: rate, passes, fails; gauge: value, min, max. */
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** Not in k6's data: the embedded engine's own account of the run, so a reader can tell whether its numbers hold. */
export interface EngineReport {
  eventLoopDelayP99Ms?: number;
  eventLoopDelayMaxMs?: number;
  cpuPercentMax?: number;
  saturatedSeconds?: number;
  warnings?: string[];
  /** What the VUs initialised before the start cost. */
  vuInit?: { vus: number; ms: number; rssDeltaMb: number };
  iterationsInterrupted?: number;
  /** Why the run stopped early (setup's test.abort, a script error), null when it did not. */
  aborted?: { exitCode: number; reason: string } | null;
  /** Failed requests by k6 error code (1220 reset, 1050 timeout, 1503 a 503…). */
  httpErrors?: Record<string, { message: string; count: number }>;
}

/** summary.json: k6's handleSummary `data`. */
export interface K6Summary {
  metrics: Record<string, SummaryMetric>;
  root_group?: SummaryGroup;
  options?: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state?: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  engine?: EngineReport;
}

/** The part of summary.json that counters read: each metric's values (and thresholds). */
export interface SummaryValues {
  metrics: Record<string, Pick<SummaryMetric, 'values' | 'thresholds'> | undefined>;
}

/** timeseries.json, version 1: every metric, sub-metric and tag group per interval, columnar (uPlot reads it as is). */
export interface Timeseries {
  version: number;
  intervalMs: number;
  startTime?: string;
  /** Seconds since test start at each interval's start. */
  t: number[];
  series: Record<
    string,
    { metric: string; type: string; contains?: string; columns: Record<string, (number | null)[]> }
  >;
}

/** What a run was: shown in the report's settings table. No environment dumps, no secrets. */
export interface RunSettings {
  target?: string;
  profile?: string;
  engine?: string;
  versions?: Record<string, string>;
  machine?: { cpus: number; cpuModel?: string; memoryGiB: number; os: string };
  /** Other plain facts worth showing (vus, duration, rate...). */
  extra?: Record<string, string | number | boolean>;
}

/** Faults injected into the embedded mock for the run (schemas/mock-faults.request.json), and their file. */
export interface InjectedFaults {
  /** The faults file as given on the command line, when there was one. */
  file?: string;
  seed?: number;
  rules: unknown[];
}

/** Whether the mock's state agrees with the run's own counters (integrity.ts). */
export interface IntegrityReport {
  ok: boolean;
  /** Flows that ended redeemed: the redemptions the mock must have answered. */
  expectedRedemptions: number;
  /** Redemptions the mock applied during the run. */
  recordedRedemptions: number;
  /** Of those, the ones whose every answer an injected fault dropped. */
  unacknowledgedRedemptions: number;
  /** Locks still held after teardown. */
  locksLeft: number;
  /** One line per disagreement; empty when ok. */
  differences: string[];
}

/** A load run as its reports show it: what ran, what the generator left, the faults and the integrity verdict. */
export interface LoadReport {
  summary: K6Summary;
  timeseries?: Timeseries;
  settings: RunSettings;
  faults?: InjectedFaults;
  integrity?: IntegrityReport;
}
