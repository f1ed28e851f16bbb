// One iteration: issue this flow's own offer (apart from the hot path), then the hot path: Lookup → find that offer
// in the wallet → Lock it against a basket → send_transaction.
// Async k6 APIs only (no group(), no sleep, no sync http), so it runs on k6 and on the embedded engine.

import type { SessionMClient } from '../../client/client.ts';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import type { Discount, WalletUser } from '../../schemas/generated/types.ts';
import { checkResponse, checkThat, mismatch } from './checks.ts';
import {
  flowDuration,
  flowRedeemed,
  lockConflicts,
  offerIssued,
  offerMissing,
  redeemedUnanswered,
  redeemRejected,
  walletOffers,
} from './metrics.ts';
import { step } from './names.ts';

export type Outcome = 'redeemed' | 'lookup_failed' | 'no_eligible_offer' | 'lock_failed' | 'redeem_failed';

/** The clients of one VU: the hot path's, and the one that issues each flow's offer (tagged apart). */
export interface FlowClients {
  flow: SessionMClient;
  issue: SessionMClient;
}

export interface FlowSlot {
  /** external_customer_id, as the till looks the member up. */
  member: string;
  userId: string;
  offerId: string;
  transactionId: string;
}

/** The offer issued for this flow, still INFO (redeemable) in the wallet. */
export function ownOffer(wallet: WalletUser[], userOfferId: string): Discount | undefined {
  for (const user of wallet) {
    const offer = user.offers.find((o) => o.reference_id === userOfferId && o.status === 'INFO');
    if (offer) return offer;
  }
  return undefined;
}

/**
 * Issues the flow's offer, then runs the hot path on it. Without an issued offer there is no flow (`not_issued`,
 * counted by redemption_offer_issued); every issued one ends redeemed, failed, or left over when the run cuts it off.
 */
export async function redemptionFlow(clients: FlowClients, slot: FlowSlot): Promise<Outcome | 'not_issued'> {
  const issued = await clients.issue.issueUserOffer(slot.userId, slot.offerId);
  const ok = checkResponse(step.issue, issued, 'issue') && issued.ok;
  offerIssued.add(ok);
  if (!ok) return 'not_issued';

  const started = Date.now();
  const outcome = await steps(clients.flow, slot, issued.body.payload.user_offer_id);
  flowDuration.add(Date.now() - started, { outcome });
  flowRedeemed.add(outcome === 'redeemed');
  return outcome;
}

async function steps(client: SessionMClient, slot: FlowSlot, userOfferId: string): Promise<Outcome> {
  const lookup = await client.getUserOffers({ external_customer_id: slot.member });
  if (!checkResponse(step.lookup, lookup) || !lookup.ok) return 'lookup_failed';

  const wallet = lookup.body.payload;
  walletOffers.add(wallet.reduce((n, u) => n + u.offers.filter((o) => o.status === 'INFO').length, 0));
  const offer = ownOffer(wallet, userOfferId);
  const found = checkThat(
    step.lookup,
    'the offer issued for this flow, INFO, in the wallet',
    offer !== undefined,
    () => {
      const offers = wallet.flatMap((u) => u.offers.map((o) => `${o.reference_id} ${o.status}`));
      return `member ${slot.member} with [${offers.join(', ')}], not ${userOfferId}`;
    },
  );
  if (!offer || !found) {
    offerMissing.add(1);
    return 'no_eligible_offer';
  }

  const basket = sampleBasket(slot.transactionId);
  const lock = await client.lockUserOffer(offer.reference_id, basket);
  if (!checkResponse(step.lock, lock) || !lock.ok) {
    if (!lock.ok && lock.error?.errors.code === 'LOCK_CONFLICT') lockConflicts.add(1);
    return 'lock_failed';
  }

  // A retry after a lost answer reuses the request_id, so it cannot redeem twice.
  const redeem = await client.sendTransaction(closingTransaction(basket, [lock.body.payload]), { retries: 1 });
  if (checkResponse(step.redeem, redeem)) return 'redeemed';
  if (!redeem.ok && redeem.status >= 400 && redeem.status < 500) redeemRejected.add(1);
  await release(client, offer.reference_id);
  return 'redeem_failed';
}

/** Gives a lock back after a failed redeem, so the offer is not left locked; teardown sweeps what this misses. */
async function release(client: SessionMClient, userOfferId: string): Promise<void> {
  const unlock = await client.unlockUserOffer(userOfferId, undefined, { retries: 1 });
  if (!unlock.ok && unlock.error?.errors.code === 'ALREADY_REDEEMED') {
    // The redeem went through and every answer to it was lost: counted, so integrity checks can account for it.
    redeemedUnanswered.add(1);
    return;
  }
  const problem = mismatch(unlock);
  // NOT_LOCKED: the failed redeem never held it.
  if (problem && !(!unlock.ok && unlock.error?.errors.code === 'NOT_LOCKED')) {
    console.error(`unlock after failed redeem: ${problem}`);
  }
}
