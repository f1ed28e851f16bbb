/** The inputs of the reports. A load run's files are load/results.ts's; a soak's memory.json is load/memory.ts's. */
import type { MemoryRecord, MemoryVerdict } from '../load/memory.ts';
import type { K6Summary, SummaryCheck, SummaryGroup, SummaryMetric, Timeseries } from '../load/results.ts';
import type { ReportedKind } from './run-folder.ts';

export type { K6Summary, MemoryRecord, SummaryCheck, SummaryGroup, SummaryMetric, Timeseries };
/** The parts of a soak's memory.json the reports show. */
export type MemoryInput = Pick<MemoryRecord, 't' | 'mock' | 'engine'> & {
  verdict: Pick<MemoryVerdict, 'flat' | 'message'>;
};

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
  /** A soak's memory.json, whole. */
  memory?: MemoryRecord;
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

/** run.json: what a run folder keeps besides the generator's files, so `npm run report` can rebuild its reports. */
export interface RunRecord {
  kind?: ReportInput['kind'];
  settings?: RunSettings;
  errorsByCode?: Record<string, number>;
  faults?: FaultsInput;
  integrity?: IntegrityInput;
  baseline?: BaselineComparison;
}

export interface ReportInput {
  kind?: ReportedKind;
  load?: LoadInput;
  verify?: VerifyInput;
  baseline?: BaselineComparison;
}
