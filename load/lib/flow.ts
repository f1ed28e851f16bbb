// The redemption hot path: Lookup → pick an eligible offer → Lock it against a basket → send_transaction.
// Async k6 APIs only (no group(), no sleep, no sync http), so it runs on k6 and on the embedded engine.

import { closingTransaction, sampleBasket } from '../../client/baskets.ts';
import type { SessionMClient } from '../../client/client.ts';
import type { Discount, WalletUser } from '../../schemas/generated/types.ts';
import { checkResponse, checkThat, mismatch } from './checks.ts';
import {
  flowDuration,
  flowRedeemed,
  lockConflicts,
  offerMissing,
  redeemedUnanswered,
  redeemRejected,
} from './metrics.ts';

export type Outcome = 'redeemed' | 'lookup_failed' | 'no_eligible_offer' | 'lock_failed' | 'redeem_failed';

/** The first offer still in the wallet: INFO is the POS's word for redeemable. */
export function eligibleOffer(wallet: WalletUser[]): Discount | undefined {
  for (const user of wallet) {
    const offer = user.offers.find((o) => o.status === 'INFO');
    if (offer) return offer;
  }
  return undefined;
}

export async function redemptionFlow(client: SessionMClient, member: string, transactionId: string): Promise<Outcome> {
  const started = Date.now();
  const outcome = await steps(client, member, transactionId);
  flowDuration.add(Date.now() - started, { outcome });
  flowRedeemed.add(outcome === 'redeemed');
  return outcome;
}

async function steps(client: SessionMClient, member: string, transactionId: string): Promise<Outcome> {
  const lookup = await client.getUserOffers({ external_customer_id: member });
  if (!checkResponse('lookup', lookup) || !lookup.ok) return 'lookup_failed';

  const offer = eligibleOffer(lookup.body.payload);
  const found = checkThat('lookup', 'an INFO offer in the wallet', offer !== undefined, () => {
    const statuses = lookup.body.payload.flatMap((u) => u.offers.map((o) => o.status));
    return `member ${member} with offers [${statuses.join(', ')}]`;
  });
  if (!offer || !found) {
    offerMissing.add(1);
    return 'no_eligible_offer';
  }

  const basket = sampleBasket(transactionId);
  const lock = await client.lockUserOffer(offer.reference_id, basket);
  if (!checkResponse('lock', lock) || !lock.ok) {
    if (!lock.ok && lock.error?.errors.code === 'LOCK_CONFLICT') lockConflicts.add(1);
    return 'lock_failed';
  }

  // A retry after a lost answer reuses the request_id, so it cannot redeem twice.
  const redeem = await client.sendTransaction(closingTransaction(basket, [lock.body.payload]), { retries: 1 });
  if (checkResponse('redeem', redeem)) return 'redeemed';
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
