// What `npm run accept` found, section by section: the shape of acceptance.json and the input of its reports.
import type { InteractionResult, LoadInput, RunSettings } from '../types.ts';

export const sectionNames = ['contracts', 'workflow', 'load', 'negative'] as const;
export type SectionName = (typeof sectionNames)[number];

export const sectionTitles: Record<SectionName, string> = {
  contracts: 'Contracts',
  workflow: 'Workflow',
  load: 'Load',
  negative: 'Negative input',
};

/** not-run: the section could not run (missing fixtures or members, a state it cannot set up); never accepted. */
export type SectionStatus = 'passed' | 'failed' | 'not-run';

interface SectionCommon {
  status: SectionStatus;
  /** One line: what the section found. */
  headline: string;
  /** Why it did not run, and what would let it run. */
  reason?: string;
  /** What failed, one line each, naming the JSON path or the rule. */
  failures: string[];
  /** What does not fail the section: differences from our assumptions, what was not run, lenient findings. */
  notes: string[];
  durationMs: number;
}

export interface ContractsSection extends SectionCommon {
  name: 'contracts';
  interactions: InteractionResult[];
  strict: boolean;
}

export interface WorkflowStep {
  name: string;
  operationId: string;
  /** The step's own request, in milliseconds; null when it was not sent. */
  ms: number | null;
  ok: boolean;
  /** What was checked after the step, on the answer and on the provider's state. */
  check: string;
  failure?: string;
  /** Differences from our assumptions seen on the way: not failing. */
  differences: string[];
}

export interface WorkflowSection extends SectionCommon {
  name: 'workflow';
  steps: WorkflowStep[];
}

/** One integrity rule a live target allows checking, and what the run saw. */
export interface IntegrityRule {
  rule: string;
  ok: boolean;
  detail: string;
}

export interface LoadSection extends SectionCommon {
  name: 'load';
  /** The run's summary, time series and settings, as every load report shows them. */
  load?: LoadInput;
  integrity: IntegrityRule[];
}

export type FindingRank = 'defect' | 'differs' | 'lenient';

export interface NegativeFinding {
  rank: FindingRank;
  operationId: string;
  method: string;
  path: string;
  /** What was malformed: "boundary at take: 1001 (maximum 1000)". */
  description: string;
  /** 0: no HTTP answer. */
  status: number;
  why: string;
  detail: string;
  /** The command that sends exactly this request again. */
  replay: string;
}

export interface NegativeSection extends SectionCommon {
  name: 'negative';
  seed: number;
  /** Cases sent, refused as expected, and found per rank. */
  counts: { sent: number; refused: number } & Record<FindingRank, number>;
  findings: NegativeFinding[];
}

export type Section = ContractsSection | WorkflowSection | LoadSection | NegativeSection;

/** What the run made on the provider, which the API cannot delete. */
export interface Created {
  section: SectionName;
  what: string;
  count: number;
  /** The ids, where the run knows them. */
  ids?: string[];
}

/** What a section will send, printed before anything is. */
export interface PlanLine {
  section: SectionName;
  /** Requests it sends, about (set-up included). */
  requests: number;
  /** e.g. "one at a time", "20 requests/s". */
  rate: string;
  /** e.g. "up to 17 offers, 13 user offers". */
  creates: string;
  detail: string;
}

export interface AcceptanceResult {
  version: 1;
  accepted: boolean;
  /** One line per section that did not pass. */
  reasons: string[];
  startedAt: string;
  finishedAt: string;
  /** Origins only: no credentials, no paths. */
  targets: { offers: string; pos: string };
  strict: boolean;
  plan: PlanLine[];
  sections: Section[];
  created: Created[];
  settings: RunSettings;
}
