// After a load run against the mock: does the mock's state agree with what the flows counted? Every offer the run
// issued is counted, a redemption is neither lost nor doubled, and no lock outlives teardown.

import type { MockState } from '../schemas/generated/types.ts';
import { accounting } from './lib/accounting.ts';
import { metric } from './lib/names.ts';
import type { SummaryValues } from './results.ts';

/** The part of GET /__mock/state the comparison reads. */
export type IntegrityState = Pick<
  MockState,
  'redemptions' | 'locks' | 'transactions' | 'unacknowledged_redemptions' | 'user_offers'
>;

export interface IntegrityDifference {
  check: 'issued' | 'redemptions' | 'locks' | 'transactions';
  expected: number;
  actual: number;
  message: string;
}

const none: IntegrityState = {
  redemptions: 0,
  locks: 0,
  transactions: 0,
  unacknowledged_redemptions: 0,
  user_offers: { issued: 0, locked: 0, redeemed: 0 },
};

/** User offers ever created: the mock's statuses are a partition, and nothing deletes one. */
const created = (s: IntegrityState) => s.user_offers.issued + s.user_offers.locked + s.user_offers.redeemed;

/**
 * The differences between the mock's state after teardown and the run's own counters; empty when they agree.
 * `before` is the state before the run (default: an empty mock), so a mock that served earlier runs can be used.
 *
 * - issued: the user offers the mock created are the run's background offers and per-flow offers, each of which
 *   ended redeemed, failed or left over (lib/accounting.ts).
 * - redemptions: those the mock applied and answered (applied minus `unacknowledged_redemptions`, whose every answer
 *   an injected fault dropped) must equal the flows that ended redeemed.
 * - locks: every lock taken during the run is released by the flows or by teardown.
 * - transactions: each flow's transaction carries exactly one discount, so every accepted transaction redeems one.
 */
export function integrityDifferences(
  after: IntegrityState,
  summary: SummaryValues,
  before: IntegrityState = none,
): IntegrityDifference[] {
  const delta = (key: Exclude<keyof IntegrityState, 'user_offers'>) => after[key] - before[key];
  const flowsRedeemed = summary.metrics[metric.flowRedeemed]?.values.passes ?? 0;
  const applied = delta('redemptions');
  const unacknowledged = delta('unacknowledged_redemptions');
  const acknowledged = applied - unacknowledged;
  const differences: IntegrityDifference[] = [];

  const { offers } = accounting(summary);
  const counted = offers.background + offers.issued;
  const made = created(after) - created(before);
  if (made !== counted || offers.leftOver < 0) {
    differences.push({
      check: 'issued',
      expected: counted,
      actual: made,
      message:
        made !== counted
          ? `the mock created ${made} user offers, the run counted ${counted} (${offers.background} background + ${offers.issued} per flow)`
          : `${offers.redeemed + offers.failed} flows ended but only ${offers.issued} offers were issued for them`,
    });
  }

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
