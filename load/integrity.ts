// After a load run against the mock: does the mock's state agree with what the flows counted? A redemption must be
// neither lost nor doubled, and no lock may outlive teardown.
import type { StateCounts } from '../mock/store.ts';

/** The part of GET /__mock/state the comparison reads. */
export type IntegrityState = Pick<StateCounts, 'redemptions' | 'locks' | 'transactions' | 'unacknowledged_redemptions'>;

/** The part of summary.json (k6's handleSummary data) the comparison reads. */
export interface IntegritySummary {
  metrics: Record<string, { values: Record<string, number> } | undefined>;
}

export interface IntegrityDifference {
  check: 'redemptions' | 'locks' | 'transactions';
  expected: number;
  actual: number;
  message: string;
}

const none: IntegrityState = { redemptions: 0, locks: 0, transactions: 0, unacknowledged_redemptions: 0 };

/**
 * The differences between the mock's state after teardown and the run's own counters; empty when they agree.
 * `before` is the state before the run (default: an empty mock), so a mock that served earlier runs can be used.
 *
 * - redemptions: those the mock applied and answered (applied minus `unacknowledged_redemptions`, whose every answer
 *   an injected fault dropped) must equal the flows that ended redeemed.
 * - locks: every lock taken during the run is released by the flows or by teardown.
 * - transactions: each flow's transaction carries exactly one discount, so every accepted transaction redeems one.
 */
export function integrityDifferences(
  after: IntegrityState,
  summary: IntegritySummary,
  before: IntegrityState = none,
): IntegrityDifference[] {
  const delta = (key: keyof IntegrityState) => after[key] - before[key];
  const flowsRedeemed = summary.metrics.redemption_flow_redeemed?.values.passes ?? 0;
  const applied = delta('redemptions');
  const unacknowledged = delta('unacknowledged_redemptions');
  const acknowledged = applied - unacknowledged;
  const differences: IntegrityDifference[] = [];

  if (acknowledged !== flowsRedeemed) {
    const gap = Math.abs(acknowledged - flowsRedeemed);
    const why =
      acknowledged > flowsRedeemed
        ? `the mock answered ${gap} redemptions no flow counted (redeemed twice, or answers lost after the mock sent them)`
        : `${gap} flows counted a redemption the mock never made or never answered (lost)`;
    differences.push({
      check: 'redemptions',
      expected: flowsRedeemed,
      actual: acknowledged,
      message: `${why}: ${flowsRedeemed} flows ended redeemed; the mock applied ${applied}, of which ${unacknowledged} had every answer dropped by a fault`,
    });
  }

  const locks = delta('locks');
  if (locks !== 0) {
    differences.push({
      check: 'locks',
      expected: 0,
      actual: locks,
      message: `${locks} user offers are still locked after teardown (locks ${before.locks} before the run, ${after.locks} after)`,
    });
  }

  const transactions = delta('transactions');
  if (transactions !== applied) {
    differences.push({
      check: 'transactions',
      expected: applied,
      actual: transactions,
      message:
        transactions > applied
          ? `${transactions - applied} accepted transactions redeemed nothing (${transactions} transactions, ${applied} redemptions)`
          : `${applied - transactions} redemptions more than transactions: some transaction redeemed several offers (${transactions} transactions, ${applied} redemptions)`,
    });
  }
  return differences;
}
