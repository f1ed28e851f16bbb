// Walks the offer workflow once, step by step, with the typed client: the seed's six steps plus history and unlock.
import { closingTransaction, sampleBasket } from '../client/baskets.ts';
import type { SessionMClient } from '../client/client.ts';
import { fixedAmountOffer } from '../client/offers.ts';
import { newRequestId } from '../client/requests.ts';
import { type ApiResult, describeFailure } from '../client/responses.ts';
import type { OperationId } from '../schemas/generated/operations.ts';

export class WorkflowError extends Error {
  override name = 'WorkflowError';
}

function expectOk<Op extends OperationId>(result: ApiResult<Op>) {
  if (!result.ok) throw new WorkflowError(describeFailure(result));
  return result.body;
}

/** Runs create → fetch → issue → lookup → lock → redeem → history (and lock → unlock); returns the ids it made. */
export async function walkWorkflow(client: SessionMClient, externalCustomerId: string, log: (line: string) => void) {
  const found = expectOk(await client.getUserOffers({ external_customer_id: externalCustomerId }));
  const userId = found.payload[0]?.user_reference_id;
  if (!userId) throw new WorkflowError(`no member with external_customer_id ${externalCustomerId}`);
  log(`0. find member         → user_id ${userId}`);
  const created = expectOk(await client.createOffer(fixedAmountOffer(5, { description: 'Walkthrough offer' })));
  const offerId = created.payload.offer_id;
  log(`1. create offer        → offer_id ${offerId} (${created.payload.state_transition ?? 'created'})`);

  const fetched = expectOk(await client.fetchOffer(offerId, 'en-us'));
  log(`2. fetch offer         → "${fetched.payload.offer.title}", status ${fetched.payload.offer.status}`);

  const issued = expectOk(await client.issueUserOffer(userId, offerId));
  const userOfferId = issued.payload.user_offer_id;
  log(`3. issue to member     → user_offer_id ${userOfferId}`);

  const wallet = expectOk(await client.getUserOffers({ external_customer_id: externalCustomerId }));
  const walletOffers = wallet.payload[0]?.offers ?? [];
  if (!walletOffers.some((offer) => offer.reference_id.toLowerCase() === userOfferId.toLowerCase())) {
    throw new WorkflowError(`the issued user offer ${userOfferId} is not in the wallet`);
  }
  log(`4. lookup wallet       → ${walletOffers.length} offers, ${wallet.payload[0]?.points ?? 0} points`);

  const basket = sampleBasket(`walkthrough-${newRequestId()}`);
  const locked = expectOk(await client.lockUserOffer(userOfferId, basket));
  log(
    `5. lock against basket → ${locked.payload.status}, amount ${locked.payload.amount}, lines ${locked.payload.discounted_line_ids?.join(',')}`,
  );

  expectOk(await client.sendTransaction(closingTransaction(basket, [locked.payload])));
  log('6. send transaction    → redeemed');

  const history = expectOk(await client.getUserOfferHistory([userId], { skip: 0, take: 100 }));
  const entry = history.payload.results.find((r) => r.user_offer_id.toLowerCase() === userOfferId.toLowerCase());
  log(
    `   user offer history  → ${history.payload.total_records} records; this one ${entry?.status_description ?? 'missing'}`,
  );
  if (entry?.status_description !== 'Redeemed') throw new WorkflowError('history does not show the redemption');

  const second = expectOk(await client.issueUserOffer(userId, offerId)).payload.user_offer_id;
  const relock = sampleBasket(`walkthrough-${newRequestId()}`);
  expectOk(await client.lockUserOffer(second, relock));
  expectOk(await client.unlockUserOffer(second, '1000'));
  log(`   lock then unlock    → user offer ${second} is back in the wallet`);
  return { offerId, userOfferId, unlockedUserOfferId: second };
}
