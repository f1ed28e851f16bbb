import { describe, expect, it } from 'vitest';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { demo } from '../../fixtures/demo.ts';
import { offerRequest } from '../../fixtures/offers.ts';
import { useHarness } from './harness.ts';

const h = useHarness();

const memberId = demo.member.userId;

async function ok<T extends { ok: boolean }>(call: Promise<T>): Promise<Extract<T, { ok: true }>> {
  const result = await call;
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

describe('the offer workflow, end to end', () => {
  it('create → fetch → issue → lookup → lock → send_transaction → history', async () => {
    const created = await ok(
      h.client.createOffer(offerRequest({ type: 'fixed_amount_check_discount', amount: 5 }, { title: 'Test offer' })),
    );
    expect(created.body.payload).toMatchObject({ new_status: 1, revisioned: false });
    const offerId = created.body.payload.offer_id;

    const fetched = await ok(h.client.fetchOffer(offerId, 'en-us'));
    const year = new Date().getUTCFullYear();
    expect(fetched.body.payload.offer).toMatchObject({
      id: offerId,
      title: 'Test offer',
      status: 1,
      acquisition_start_date: `${year - 1}-01-01T00:00:00Z`,
      acquisition_end_date: `${year + 1}-12-31T23:59:00Z`,
      retailer_id: demo.retailerId.toLowerCase(),
    });

    const userOfferId = (await ok(h.client.issueUserOffer(memberId, offerId))).body.payload.user_offer_id;
    const wallet = await ok(h.client.getUserOffers({ external_customer_id: demo.member.externalCustomerId }));
    const inWallet = wallet.body.payload[0]?.offers.find((o) => o.reference_id === userOfferId);
    expect(inWallet).toMatchObject({ status: 'INFO', display_name: 'Test offer', amount: 0, applied_time: null });

    const basket = sampleBasket('txn-workflow');
    const locked = await ok(h.client.lockUserOffer(userOfferId, basket));
    expect(locked.body).toMatchObject({ status: 'OK', errors: null });
    expect(locked.body.payload).toMatchObject({
      reference_id: userOfferId,
      user_id: memberId,
      status: 'LOCKED',
      amount: 5,
      discounted_line_ids: ['0', '1'],
    });
    expect(locked.body.payload.applied_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const lockedInWallet = (await ok(h.client.getUserOffers({ user_id: memberId }))).body.payload[0]?.offers;
    expect(lockedInWallet?.find((o) => o.reference_id === userOfferId)).toEqual(locked.body.payload);

    const sent = await ok(h.client.sendTransaction(closingTransaction(basket, [locked.body.payload])));
    expect(sent.body).toEqual({ status: 'OK', payload: null, errors: null });
    const after = (await ok(h.client.getUserOffers({ email: 'JH@sessionm.com' }))).body.payload[0]?.offers ?? [];
    expect(after.map((o) => o.reference_id)).not.toContain(userOfferId);

    const history = await ok(h.client.getUserOfferHistory([memberId], { skip: 0, take: 100 }));
    expect(history.body.payload.total_records).toBe(4);
    const entry = history.body.payload.results.find((r) => r.user_offer_id === userOfferId);
    expect(entry).toMatchObject({ offer_id: offerId, user_id: memberId, status: 2, status_description: 'Redeemed' });
    const demoEntry = history.body.payload.results.find((r) => r.user_offer_id === demo.offers.fiveOff.userOfferId);
    expect(demoEntry).toMatchObject({ status: 1, status_description: 'Issued', acquire_date: '2018-09-04T19:47:28Z' });
    expect(await h.state()).toMatchObject({ user_offers: { issued: 3, locked: 0, redeemed: 1 }, transactions: 1 });
  });

  it('pages the history with skip and take, oldest first, total_records counting all', async () => {
    const all = (await ok(h.client.getUserOfferHistory([memberId]))).body.payload.results.map((r) => r.user_offer_id);
    expect(all).toEqual(Object.values(demo.offers).map((o) => o.userOfferId));
    const page = await ok(h.client.getUserOfferHistory([memberId], { skip: 1, take: 1 }));
    expect(page.body.payload).toMatchObject({ total_records: 3, skip: 1, take: 1 });
    expect(page.body.payload.results.map((r) => r.user_offer_id)).toEqual([all[1]]);
    const unknown = await ok(h.client.getUserOfferHistory(['00000000-0000-4000-8000-000000000000']));
    expect(unknown.body.payload).toMatchObject({ total_records: 0, results: [] });
  });

  it('finds the member by external_customer_id, email, phone and user_id alike', async () => {
    const lookups = [
      { external_customer_id: demo.member.externalCustomerId },
      { email: demo.member.email },
      { phone: demo.member.phone },
      { user_id: memberId.toUpperCase() },
    ];
    const bodies = await Promise.all(lookups.map(async (lookup) => (await ok(h.client.getUserOffers(lookup))).body));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0]).toMatchObject({ status: 'success', errors: null });
    expect(bodies[0]?.payload[0]).toMatchObject({
      user_reference_id: memberId,
      first_name: 'J',
      last_name: 'H',
      points: 10,
      accounts: [{ AvailableBalance: 10, UserPointAccountID: demo.member.userPointAccountId }],
    });
  });

  it('prices the wallet against a basket when Lookup carries a transaction', async () => {
    const wallet = await ok(
      h.client.getUserOffers({ external_customer_id: demo.member.externalCustomerId, transaction: sampleBasket('t') }),
    );
    const amounts = Object.fromEntries((wallet.body.payload[0]?.offers ?? []).map((o) => [o.display_name, o.amount]));
    expect(amounts).toEqual({ '$5 off Check': 5, '$20 coupon': 11.77, '10% off Check': 1.18 });
  });

  it('unlock puts a locked user offer back in the wallet as INFO', async () => {
    const id = demo.offers.twentyCoupon.userOfferId;
    await ok(h.client.lockUserOffer(id, sampleBasket('txn-unlock')));
    expect(await h.state()).toMatchObject({ locks: 1 });
    const unlocked = await ok(h.client.unlockUserOffer(id, '1000'));
    expect(unlocked.body).toEqual({ status: 'OK', payload: null, errors: null });
    const offers = (await ok(h.client.getUserOffers({ user_id: memberId }))).body.payload[0]?.offers ?? [];
    expect(offers.find((o) => o.reference_id === id)).toMatchObject({ status: 'INFO', amount: 0 });
    expect(await h.state()).toMatchObject({ locks: 0, user_offers: { issued: 3, locked: 0 } });
  });
});

describe('discount types', () => {
  async function lockedAmount(config: { type: string; amount?: number }, subtotal = '11.77') {
    const offerId = (await ok(h.client.createOffer(offerRequest(config)))).body.payload.offer_id;
    const userOfferId = (await ok(h.client.issueUserOffer(memberId, offerId))).body.payload.user_offer_id;
    const basket = { ...sampleBasket(`txn-${offerId}`), subtotal };
    return (await ok(h.client.lockUserOffer(userOfferId, basket))).body.payload;
  }

  it('fixed_amount_check_discount takes min(amount, basket subtotal)', async () => {
    expect((await lockedAmount({ type: 'fixed_amount_check_discount', amount: 5 })).amount).toBe(5);
    expect((await lockedAmount({ type: 'fixed_amount_check_discount', amount: 20 })).amount).toBe(11.77);
  });

  it('percent_check_discount reads amount as the percentage of the subtotal, rounded to cents', async () => {
    expect((await lockedAmount({ type: 'percent_check_discount', amount: 10 })).amount).toBe(1.18);
    expect((await lockedAmount({ type: 'percent_check_discount', amount: 50 }, '20.00')).amount).toBe(10);
  });

  it('manual_fulfillment discounts its optional amount, nothing without one, still naming the lines', async () => {
    expect((await lockedAmount({ type: 'manual_fulfillment', amount: 3 })).amount).toBe(3);
    const none = await lockedAmount({ type: 'manual_fulfillment' });
    expect(none).toMatchObject({ amount: 0, discounted_line_ids: ['0', '1'] });
  });

  it('caps a second discount in the same transaction at what the subtotal has left, stacking it after', async () => {
    const basket = sampleBasket('txn-stack');
    const first = await ok(h.client.lockUserOffer(demo.offers.fiveOff.userOfferId, basket));
    const second = await ok(h.client.lockUserOffer(demo.offers.twentyCoupon.userOfferId, basket));
    expect(first.body.payload).toMatchObject({ amount: 5, stack_order: 0 });
    expect(second.body.payload).toMatchObject({ amount: 6.77, stack_order: 1 });
  });

  it('refuses offer types it cannot price, naming the field', async () => {
    const result = await h.client.createOffer(offerRequest({ type: 'buy_x_get_y' }));
    expect(result.ok ? undefined : result.error?.errors).toMatchObject({
      code: 'VALIDATION',
      validation_errors: [{ path: '/common_config/offer_config/type' }],
    });
    const percent = await h.client.createOffer(offerRequest({ type: 'percent_check_discount', amount: 150 }));
    expect(percent.ok ? undefined : percent.error?.errors.validation_errors?.[0]?.path).toBe(
      '/common_config/offer_config/amount',
    );
    expect(await h.state()).toMatchObject({ offers: 3 });
  });

  it('refuses dates that do not exist or end before they start, naming the field', async () => {
    const paths = async (options: { start?: string; end?: string }) => {
      const result = await h.client.createOffer(offerRequest({ type: 'manual_fulfillment' }, options));
      return result.ok ? [] : result.error?.errors.validation_errors?.map((v) => v.path);
    };
    expect(await paths({ start: '2025-02-31 00:00:00.0' })).toEqual(['/common_config/acquisition_start_date']);
    expect(await paths({ start: '2025-06-01 00:00:00.0', end: '2025-05-31 23:59:00.0' })).toEqual([
      '/common_config/acquisition_end_date',
    ]);
    expect(await h.state()).toMatchObject({ offers: 3 });
  });
});
