// The redemption script's names, declared once: the `name` tag of each step, the `phase` tag, its custom metrics and
// the summary keys that thresholds, the end-of-test report, the integrity check and reporting/ read. Pure: the k6
// bundle and Node both import it.
import type { OperationId } from '../../schemas/generated/operations.ts';

/** The `name` tag of each step's requests and checks. */
export const step = {
  lookup: 'lookup',
  lock: 'lock',
  redeem: 'redeem',
  unlock: 'unlock',
  createOffer: 'create_offer',
  issue: 'issue',
} as const;
export type StepName = (typeof step)[keyof typeof step];

/** The step each operation's requests are named by: thresholds and the summary group requests by it. */
export const stepOf: Partial<Record<OperationId, StepName>> = {
  getUserOffers: step.lookup,
  lockUserOffer: step.lock,
  sendTransaction: step.redeem,
  unlockUserOffer: step.unlock,
  createOffer: step.createOffer,
  issueUserOffer: step.issue,
};

/** The admin API's requests, all under one name. */
export const mockAdminName = 'mock_admin';

/**
 * Where a request belongs (the `phase` tag). Only `flow` is the hot path; the offer issued for each flow is `issue`;
 * set-up and teardown are apart. Thresholds and reports read the hot path through `{phase:flow}` or its step names.
 */
export const phases = ['setup', 'issue', 'flow', 'teardown'] as const;
export type Phase = (typeof phases)[number];

/** The custom metrics of the redemption flow; one prefix so they sort together in the summary. */
export const metric = {
  flowDuration: 'redemption_flow_duration',
  flowRedeemed: 'redemption_flow_redeemed',
  lockConflicts: 'redemption_lock_conflicts',
  redeemRejected: 'redemption_redeem_rejected',
  offerMissing: 'redemption_offer_missing',
  redeemedUnanswered: 'redemption_redeemed_unanswered',
  errors: 'redemption_errors',
  offerIssued: 'redemption_offer_issued',
  backgroundOffers: 'redemption_background_offers',
  walletOffers: 'redemption_wallet_offers',
  lookupBytes: 'redemption_lookup_bytes',
} as const;
export const metricPrefix = 'redemption_';

/** A step's latency in the summary: `http_req_duration{name:lookup}`. */
export const stepDuration = (name: StepName) => `http_req_duration{name:${name}}`;
/** A built-in metric's share of one phase: `http_reqs{phase:flow}`. */
export const inPhase = (builtIn: 'http_reqs' | 'http_req_failed' | 'checks', phase: Phase) =>
  `${builtIn}{phase:${phase}}`;
/** The errors of one cause: `redemption_errors{code:HTTP_503}`. */
export const errorsWithCode = (code: string) => `${metric.errors}{code:${code}}`;

/** The hot path's latencies as reports show them: each step's, then the whole flow's. */
export const latencySteps = [
  { id: step.lookup, label: 'lookup', metric: stepDuration(step.lookup) },
  { id: step.lock, label: 'lock', metric: stepDuration(step.lock) },
  { id: step.redeem, label: 'redeem', metric: stepDuration(step.redeem) },
  { id: 'flow', label: 'whole flow', metric: metric.flowDuration },
] as const;

/**
 * k6 puts a sub-metric in the end-of-test summary only when a threshold names it, so each one the reports read
 * gets one that always holds; reports read these as counts, not as SLOs.
 */
export const trackingThreshold = 'count>=0';
