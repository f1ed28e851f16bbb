import { describe, expect, it } from 'vitest';
import type { SessionMConfig } from '../../client/config.ts';
import { buildPosRequest, type HttpRequest } from '../../client/requests.ts';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { demo } from '../../fixtures/demo.ts';
import { offerRequest, pastDates } from '../../fixtures/offers.ts';
import type { Discount } from '../../schemas/generated/types.ts';
import { bodyOf, failure, useHarness } from './harness.ts';

const h = useHarness();

const memberId = demo.member.userId;
const five = demo.offers.fiveOff.userOfferId;
const twenty = demo.offers.twentyCoupon.userOfferId;

async function lock(userOfferId: string, transactionId: string, subtotal?: string): Promise<Discount> {
  const basket = { ...sampleBasket(transactionId), ...(subtotal ? { subtotal } : {}) };
  const result = await h.client.lockUserOffer(userOfferId, basket);
  if (!result.ok) throw new Error(`lock failed: ${result.text}`);
  return result.body.payload;
}

async function walletIds(): Promise<string[]> {
  const result = await h.client.getUserOffers({ user_id: memberId });
  if (!result.ok) throw new Error(result.text);
  return result.body.payload[0]?.offers.map((o) => o.reference_id) ?? [];
}

/** Sends a built request as is and answers the exact bytes. */
async function sendRaw(request: HttpRequest) {
  const response = await h.raw(new URL(request.url).pathname, { headers: request.headers, body: request.body });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()).toString('hex') };
}

describe('locks', () => {
  it('a user offer locked by one transaction cannot be locked by another (409 LOCK_CONFLICT)', async () => {
    await lock(five, 'txn-a');
    const other = await h.client.lockUserOffer(five, sampleBasket('txn-b'));
    expect(failure(other)).toEqual({ status: 409, code: 'LOCK_CONFLICT' });
    expect(other.ok ? '' : other.error?.errors.message).toContain('"txn-a"');
  });

  it('the same transaction may lock again and gets the amount recomputed for the changed basket', async () => {
    expect((await lock(twenty, 'txn-a', '11.77')).amount).toBe(11.77);
    const relocked = await lock(twenty, 'txn-a', '30.00');
    expect(relocked).toMatchObject({ status: 'LOCKED', amount: 20 });
    expect(await h.state()).toMatchObject({ locks: 1 });
  });

  it('unlocking a user offer that is not locked is 409 NOT_LOCKED; unknown ones are 404 NOT_FOUND', async () => {
    expect(failure(await h.client.unlockUserOffer(five))).toEqual({ status: 409, code: 'NOT_LOCKED' });
    const unknown = '00000000-0000-4000-8000-000000000001';
    expect(failure(await h.client.unlockUserOffer(unknown))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(failure(await h.client.lockUserOffer(unknown, sampleBasket('t')))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});

describe('redemption by send_transaction', () => {
  it('a redeemed user offer leaves the wallet and cannot be locked, unlocked or redeemed again', async () => {
    const basket = sampleBasket('txn-redeem');
    const locked = await lock(five, 'txn-redeem');
    expect((await h.client.sendTransaction(closingTransaction(basket, [locked]))).ok).toBe(true);
    expect(await walletIds()).not.toContain(five);
    const conflict = { status: 409, code: 'ALREADY_REDEEMED' };
    expect(failure(await h.client.lockUserOffer(five, sampleBasket('txn-redeem')))).toEqual(conflict);
    expect(failure(await h.client.unlockUserOffer(five))).toEqual(conflict);
    const again = await h.client.sendTransaction(closingTransaction(sampleBasket('txn-other'), [locked]));
    expect(failure(again)).toEqual(conflict);
    expect(await h.state()).toMatchObject({ redemptions: 1, user_offers: { redeemed: 1 } });
  });

  it('a discount that is not locked is 409 NOT_LOCKED; one locked by another transaction is 409 LOCK_CONFLICT', async () => {
    const unlocked = { ...(await lock(five, 'txn-x')) };
    await h.client.unlockUserOffer(five);
    const notLocked = await h.client.sendTransaction(closingTransaction(sampleBasket('txn-x'), [unlocked]));
    expect(failure(notLocked)).toEqual({ status: 409, code: 'NOT_LOCKED' });
    const lockedElsewhere = await lock(twenty, 'txn-elsewhere');
    const wrong = await h.client.sendTransaction(closingTransaction(sampleBasket('txn-x'), [lockedElsewhere]));
    expect(failure(wrong)).toEqual({ status: 409, code: 'LOCK_CONFLICT' });
    expect(await h.state()).toMatchObject({ redemptions: 0, transactions: 0 });
  });

  it('checks every discount before redeeming any: one bad discount redeems none', async () => {
    const good = await lock(five, 'txn-all');
    const bad = { ...good, reference_id: twenty };
    const result = await h.client.sendTransaction(closingTransaction(sampleBasket('txn-all'), [good, bad]));
    expect(failure(result)).toEqual({ status: 409, code: 'NOT_LOCKED' });
    expect(await h.state()).toMatchObject({ redemptions: 0, locks: 1, transactions: 0 });
    const twice = await h.client.sendTransaction(closingTransaction(sampleBasket('txn-all'), [good, good]));
    expect(failure(twice)).toEqual({ status: 400, code: 'VALIDATION' });
    expect(await h.state()).toMatchObject({ redemptions: 0, locks: 1 });
  });

  it('accepts a transaction without discounts: recorded, nothing redeemed', async () => {
    const result = await h.client.sendTransaction(closingTransaction(sampleBasket('txn-plain'), []));
    expect(result.ok).toBe(true);
    expect(await h.state()).toMatchObject({ transactions: 1, redemptions: 0, user_offers: { issued: 3 } });
  });
});

describe('idempotency by request_id per client_id', () => {
  it('a repeated send_transaction answers the first bytes and redeems once', async () => {
    const locked = await lock(five, 'txn-idem');
    const payload = closingTransaction(sampleBasket('txn-idem'), [locked]);
    const request = buildPosRequest(h.client.config, 'sendTransaction', payload, 'req-1');
    const first = await sendRaw(request);
    const before = await h.state();
    expect(first.status).toBe(200);
    expect(before).toMatchObject({ redemptions: 1, transactions: 1 });
    expect(await sendRaw(request)).toEqual(first);
    expect(await h.state()).toEqual(before);
    const fresh = await h.client.sendTransaction(payload, { requestId: 'req-2' });
    expect(failure(fresh)).toEqual({ status: 409, code: 'ALREADY_REDEEMED' });
  });

  it('repeats the first answer also when it was an error', async () => {
    const request = buildPosRequest(h.client.config, 'unlockUserOffer', { user_offer_id: five }, 'req-err');
    const first = await sendRaw(request);
    expect(first.status).toBe(409);
    await lock(five, 'txn-err');
    expect(await sendRaw(request)).toEqual(first);
    expect(await h.state()).toMatchObject({ locks: 1 });
  });

  it('is scoped per client_id and per operation', async () => {
    await lock(five, 'txn-scope');
    const otherClient = { ...h.client.config, clientId: '11111111-2222-4333-8444-555555555555' };
    const unlock = (config: SessionMConfig) =>
      buildPosRequest(config, 'unlockUserOffer', { user_offer_id: five }, 'same-id');
    expect((await sendRaw(unlock(h.client.config))).status).toBe(200);
    expect((await sendRaw(unlock(otherClient))).status).toBe(409);
    const lookup = await h.client.getUserOffers({ user_id: memberId }, { requestId: 'same-id' });
    expect(lookup.ok && lookup.body.payload[0]?.user_reference_id).toBe(memberId);
  });
});

describe('eligibility', () => {
  async function createOffer(options: Parameters<typeof offerRequest>[1]) {
    const result = await h.client.createOffer(
      offerRequest({ type: 'fixed_amount_check_discount', amount: 5 }, options),
    );
    if (!result.ok) throw new Error(result.text);
    return result.body.payload;
  }

  it('an offer outside its dates cannot be issued or locked and stays out of the wallet', async () => {
    const { offer_id } = await createOffer(pastDates);
    expect(failure(await h.client.issueUserOffer(memberId, offer_id))).toEqual({
      status: 422,
      code: 'OFFER_NOT_ELIGIBLE',
    });
    const userOfferId = bodyOf(await h.admin.issueIgnoringDates(memberId, offer_id)).payload.user_offer_id;
    expect(await walletIds()).not.toContain(userOfferId);
    expect(failure(await h.client.lockUserOffer(userOfferId, sampleBasket('t')))).toEqual({
      status: 422,
      code: 'OFFER_NOT_ELIGIBLE',
    });
    const future = await createOffer({ start: '2098-01-01 00:00:00.0', end: '2099-01-01 00:00:00.0' });
    expect(failure(await h.client.issueUserOffer(memberId, future.offer_id))).toMatchObject({ status: 422 });
  });

  it('an unpublished offer has status 0 and is not eligible', async () => {
    const { offer_id, new_status } = await createOffer({ publish: false });
    expect(new_status).toBe(0);
    const fetched = await h.client.fetchOffer(offer_id);
    expect(fetched.ok && fetched.body.payload.offer.status).toBe(0);
    expect(failure(await h.client.issueUserOffer(memberId, offer_id))).toEqual({
      status: 422,
      code: 'OFFER_NOT_ELIGIBLE',
    });
  });

  it('unknown offers are 404 NOT_FOUND and unknown members 404 USER_NOT_FOUND', async () => {
    const nobody = '00000000-0000-4000-8000-000000000002';
    const offerId = demo.offers.fiveOff.offerId;
    expect(failure(await h.client.fetchOffer(nobody))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(failure(await h.client.issueUserOffer(memberId, nobody))).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(failure(await h.client.issueUserOffer(nobody, offerId))).toEqual({ status: 404, code: 'USER_NOT_FOUND' });
    expect(failure(await h.client.getUserOffers({ external_customer_id: 'nobody' }))).toEqual({
      status: 404,
      code: 'USER_NOT_FOUND',
    });
    const otherRetailer = h.client.config.retailerId.replace(/^2D5B/, '3D5B');
    const offersOfOther = await h.client.call('fetchOffer', { retailer_id: otherRetailer, offer_id: offerId });
    expect(failure(offersOfOther)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await h.state()).toMatchObject({ user_offers: { issued: 3 } });
  });
});
