/**
 * The inputs of the reports. A load run's are load/'s (results.ts, compare-baseline.ts), a soak's
 * memory.json is load/memory.ts's; re-exported here for the rooms that hand them to reporting.
 */
import type { BaselineComparison, BaselineRow, Tolerance } from '../load/compare-baseline.ts';
import type { MemoryRecord, MemoryVerdict } from '../load/memory.ts';
import type {
  InjectedFaults,
  IntegrityReport,
  K6Summary,
  LoadReport,
  RunSettings,
  SummaryCheck,
  SummaryGroup,
  SummaryMetric,
  Timeseries,
} from '../load/results.ts';
import type { ReportedKind } from './run-folder.ts';

export type {
  BaselineComparison,
  BaselineRow,
  InjectedFaults,
  IntegrityReport,
  K6Summary,
  LoadReport,
  MemoryRecord,
  RunSettings,
  SummaryCheck,
  SummaryGroup,
  SummaryMetric,
  Timeseries,
  Tolerance,
};
/** The parts of a soak's memory.json the reports show. */
export type MemoryInput = Pick<MemoryRecord, 't' | 'mock' | 'engine'> & {
  verdict: Pick<MemoryVerdict, 'flat' | 'message'>;
};

/** A load run as the reports take it: what runLoad hands them, a soak's memory.json, counts of an older run.json. */
export interface LoadInput extends LoadReport {
  /** Error counts by code, e.g. {LOCK_CONFLICT: 12, 'http 503': 2}. */
  errorsByCode?: Record<string, number>;
  /** A soak's memory.json, whole. */
  memory?: MemoryRecord;
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

/** run.json: what a run folder keeps besides the generator's files, so `npm run report` can rebuild its reports. */
export interface RunRecord {
  kind?: ReportInput['kind'];
  settings?: RunSettings;
  errorsByCode?: Record<string, number>;
  faults?: InjectedFaults;
  integrity?: IntegrityReport;
  baseline?: BaselineComparison;
}

export interface ReportInput {
  kind?: ReportedKind;
  load?: LoadInput;
  verify?: VerifyInput;
  baseline?: BaselineComparison;
}
