import { describe, expect, it } from 'vitest';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { demo, demoState } from '../../fixtures/demo.ts';
import { offerRequest, pastDates } from '../../fixtures/offers.ts';
import { bodyOf, failure, useHarness } from './harness.ts';

const h = useHarness();

async function snapshot() {
  const lookup = await h.client.getUserOffers({ external_customer_id: demo.member.externalCustomerId });
  const history = await h.client.getUserOfferHistory([demo.member.userId]);
  const offers = await Promise.all(Object.values(demo.offers).map((o) => h.client.fetchOffer(o.offerId)));
  return { lookup, history, offers, state: await h.state() };
}

describe('reset', () => {
  it('restores exactly the demo data set, whatever happened before', async () => {
    const fresh = await snapshot();
    expect(fresh.state).toEqual(demoState);
    const locked = await h.client.lockUserOffer(demo.offers.fiveOff.userOfferId, sampleBasket('txn-r'));
    if (!locked.ok) throw new Error(locked.text);
    await h.client.sendTransaction(closingTransaction(sampleBasket('txn-r'), [locked.body.payload]));
    await h.client.lockUserOffer(demo.offers.twentyCoupon.userOfferId, sampleBasket('txn-s'));
    await h.client.createOffer(offerRequest({ type: 'manual_fulfillment' }));
    await h.admin.addUser({ external_customer_id: 'someone' });
    expect(await snapshot()).not.toEqual(fresh);

    expect(await h.admin.reset()).toEqual({ ok: true, operationId: 'mockReset', status: 200, body: { status: 'ok' } });
    expect(await snapshot()).toEqual(fresh);
  });
});

describe('POST /__mock/users', () => {
  it('adds a member that Lookup finds, with an empty wallet and one point account', async () => {
    const created = await h.admin.addUser({
      external_customer_id: 'pos-dev-1',
      first_name: 'Ada',
      email: 'ada@example.com',
      phone: '5550001',
      points: 42,
    });
    const userId = bodyOf(created).payload.user_id;
    const found = await h.client.getUserOffers({ phone: '5550001' });
    expect(found.ok && found.body.payload[0]).toMatchObject({
      user_reference_id: userId,
      first_name: 'Ada',
      points: 42,
      offers: [],
      accounts: [{ AvailableBalance: 42 }],
    });
    expect(await h.state()).toMatchObject({ users: 2 });
  });

  it('refuses a taken external_customer_id, user_id or email with 409 USER_EXISTS, and bad bodies with 400', async () => {
    const taken = [
      { external_customer_id: demo.member.externalCustomerId },
      { external_customer_id: 'new-1', user_id: demo.member.userId.toUpperCase() },
      { external_customer_id: 'new-2', email: 'JH@sessionm.com' },
    ];
    for (const body of taken) {
      expect(failure(await h.admin.addUser(body))).toEqual({ status: 409, code: 'USER_EXISTS' });
    }
    const bad = await h.admin.addUser({ external_customer_id: 'x', email: 'not-an-email', age: 3 } as never);
    expect(failure(bad)).toEqual({ status: 400, code: 'VALIDATION' });
    const paths = bad.ok ? [] : (bad.error?.errors.validation_errors ?? []).map((v) => v.path);
    expect(paths.sort()).toEqual(['/age', '/email']);
    expect(await h.state()).toEqual(demoState);
  });
});

describe('POST /__mock/seed', () => {
  it('creates N members with M issued user offers of one published, current offer', async () => {
    const seeded = await h.admin.seed({
      users: 3,
      offers_per_user: 2,
      external_customer_id_prefix: 'ld-',
      discount_amount: 7,
      points: 50,
    });
    const { offer_id, users } = bodyOf(seeded).payload;
    expect(users.map((u) => u.external_customer_id)).toEqual(['ld-0', 'ld-1', 'ld-2']);
    const wallet = await h.client.getUserOffers({ external_customer_id: 'ld-1' });
    if (!wallet.ok) throw new Error(wallet.text);
    expect(wallet.body.payload[0]?.points).toBe(50);
    expect(wallet.body.payload[0]?.offers.map((o) => o.reference_id)).toEqual(users[1]?.user_offer_ids);
    const locked = await h.client.lockUserOffer(users[1]?.user_offer_ids[0] ?? '', sampleBasket('txn-seed'));
    expect(locked.ok && locked.body.payload.amount).toBe(7);

    const again = await h.admin.seed({
      users: 1,
      offers_per_user: 1,
      external_customer_id_prefix: 'b-',
      discount_amount: 7,
    });
    expect(bodyOf(again).payload.offer_id).toBe(offer_id);
    expect(await h.state()).toMatchObject({ offers: 4, users: 5, user_offers: { issued: 3 + 6, locked: 1 } });
  });

  it('refuses external ids that exist, creating nothing', async () => {
    bodyOf(await h.admin.seed({ users: 2, offers_per_user: 1 }));
    const before = await h.state();
    expect(failure(await h.admin.seed({ users: 5, offers_per_user: 1 }))).toEqual({ status: 409, code: 'USER_EXISTS' });
    const bad = await h.admin.seed({ users: 0, offers_per_user: 1 });
    expect([bad.status, bad.ok ? '' : bad.error?.errors.validation_errors?.[0]?.path]).toEqual([400, '/users']);
    expect(await h.state()).toEqual(before);
  });

  it('seeds 100,000 user offers in one call', async () => {
    const { users } = bodyOf(await h.admin.seed({ users: 10_000, offers_per_user: 10 })).payload;
    expect(users).toHaveLength(10_000);
    const ids = new Set(users.flatMap((u) => u.user_offer_ids));
    expect(ids.size).toBe(100_000);
    expect(await h.state()).toMatchObject({ users: 10_001, user_offers: { issued: 100_003 } });
    const last = await h.client.getUserOffers({ external_customer_id: 'seed-9999' });
    expect(last.ok && last.body.payload[0]?.offers).toHaveLength(10);
  });
});

describe('POST /__mock/user_offers', () => {
  it('issues even an offer whose dates have passed; unknown ids are 404', async () => {
    const created = await h.client.createOffer(offerRequest({ type: 'manual_fulfillment' }, pastDates));
    if (!created.ok) throw new Error(created.text);
    const offerId = created.body.payload.offer_id;
    const issued = bodyOf(await h.admin.issueIgnoringDates(demo.member.userId, offerId)).payload.user_offer_id;
    expect(failure(await h.client.lockUserOffer(issued, sampleBasket('t')))).toEqual({
      status: 422,
      code: 'OFFER_NOT_ELIGIBLE',
    });
    const history = await h.client.getUserOfferHistory([demo.member.userId]);
    const ids = history.ok ? history.body.payload.results.map((r) => r.user_offer_id) : [];
    expect(ids).toContain(issued);

    const nobody = '00000000-0000-4000-8000-000000000003';
    const noUser = await h.admin.issueIgnoringDates(nobody, offerId);
    const noOffer = await h.admin.issueIgnoringDates(demo.member.userId, nobody);
    expect(failure(noUser)).toEqual({ status: 404, code: 'USER_NOT_FOUND' });
    expect(failure(noOffer)).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('admin routing', () => {
  it('answers 405 for a wrong method, 404 for an unknown admin path, 415 for a non-JSON body', async () => {
    expect((await h.raw('/__mock/reset', { method: 'GET' })).status).toBe(405);
    expect((await h.raw('/__mock/state')).status).toBe(405);
    expect(((await (await h.raw('/__mock/nothing')).json()) as any).errors.code).toBe('NOT_FOUND');
    const text = await h.raw('/__mock/users', { headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    expect(await h.state()).toEqual(demoState);
  });
});
