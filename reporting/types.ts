/** The inputs of the reports. Shapes are structural, so k6's and the embedded engine's data both fit. */

export interface K6Check {
  name: string;
  passes: number;
  fails: number;
}

export interface K6Group {
  name: string;
  checks: K6Check[];
  groups: K6Group[];
}

export interface K6Metric {
  type: 'trend' | 'counter' | 'rate' | 'gauge' | string;
  contains?: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** k6's handleSummary `data` object (the fields the reports read). */
export interface K6Summary {
  metrics: Record<string, K6Metric>;
  root_group?: K6Group;
  options?: Record<string, unknown>;
  state?: { testRunDurationMs?: number };
  /** The embedded engine only: failed requests by k6 error code (1220 reset, 1050 timeout, 1503 a 503…). */
  engine?: { httpErrors?: Record<string, { message: string; count: number }> };
}

/** The embedded engine's timeseries.json (load/engine/outputs/timeseries.ts), version 1: columnar, per interval. */
export interface Timeseries {
  version: number;
  intervalMs: number;
  startTime?: string;
  /** Seconds since test start at each interval's start. */
  t: number[];
  series: Record<string, { metric: string; type: string; columns: Record<string, (number | null)[]> }>;
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

/** Memory of the mock and the engine over a soak run (load/memory.ts writes it as memory.json). */
export interface MemoryInput {
  t: number[];
  mock: { rssMb: number[]; heapUsedMb: number[] };
  engine: { rssMb: (number | null)[] };
  verdict: { flat: boolean; message: string };
}

/** Faults injected into the embedded mock for the run (schemas/mock-faults.request.json). */
export interface FaultsInput {
  /** The faults file as given on the command line, when there was one. */
  file?: string;
  seed?: number;
  rules: unknown[];
}

/** Whether the mock's state agrees with the run's own counters (load/integrity.ts). */
export interface IntegrityInput {
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

export interface LoadInput {
  summary: K6Summary;
  timeseries?: Timeseries;
  /** Error counts by code, e.g. {LOCK_CONFLICT: 12, 'http 503': 2}. */
  errorsByCode?: Record<string, number>;
  settings: RunSettings;
  memory?: MemoryInput;
  faults?: FaultsInput;
  integrity?: IntegrityInput;
}

/**
 * How an interaction came out: every expectation held, a documented one failed, only assumptions differed, or its
 * state could not be set up on this provider.
 */
export type InteractionOutcome = 'verified' | 'failed' | 'differs' | 'not-run';

/** One Pact interaction as verified against a provider. */
export interface InteractionResult {
  consumer: string;
  provider: string;
  description: string;
  providerState?: string;
  /** Whether it lets the run pass (a difference or a state not run does, unless the run is strict). */
  ok: boolean;
  /** Absent in verification.json files written before outcomes: `ok` then tells verified from failed. */
  outcome?: InteractionOutcome;
  /** Documented expectations that failed. */
  mismatches: { path?: string; message: string }[];
  /** "differs from our assumption: …" lines, each with the mismatches behind it. */
  differences?: { message: string; details: string[] }[];
  /** Why it was not run. */
  notRun?: string;
}

export interface VerifyInput {
  interactions: InteractionResult[];
  settings?: RunSettings;
  /** --strict: differences from assumptions and states not run fail the run. */
  strict?: boolean;
}

export interface Tolerance {
  /** Allowed p95 increase, percent of the baseline. */
  p95Pct: number;
  /** Allowed p99 increase, percent of the baseline. */
  p99Pct: number;
  /** Allowed error-rate increase, in percentage points. */
  errorRatePts: number;
}

export interface BaselineRow {
  metric: string;
  unit: 'ms' | '%';
  baseline: number | null;
  current: number | null;
  /** Relative change in percent; null when either side is missing or the baseline is 0. */
  changePct: number | null;
  /** Absolute change in the row's unit (percentage points for the error rate). */
  change: number | null;
  /** The largest allowed value for `current`. */
  limit: number | null;
  ok: boolean;
  note?: string;
}

export interface BaselineComparison {
  /** Where the baseline came from, shown to the reader. */
  source?: string;
  tolerance: Tolerance;
  rows: BaselineRow[];
  ok: boolean;
}

export interface ReportInput {
  kind?: 'load' | 'verify' | 'start' | 'soak' | 'accept';
  load?: LoadInput;
  verify?: VerifyInput;
  baseline?: BaselineComparison;
}
