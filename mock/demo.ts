// The demo data set: the seed's retailer, store, client and member 14311211 with three issued offers, all with
// fixed ids so the README's curl examples work. Reset restores exactly this.
import { defaults } from '../client/config.ts';
import { offerRequest } from '../client/offers.ts';
import type { CreateOfferRequest } from '../schemas/generated/types.ts';
import type { MockStore } from './store.ts';

export const demo = {
  retailerId: defaults.retailerId,
  storeId: defaults.storeId,
  clientId: defaults.clientId,
  member: {
    userId: 'f38bfc1e-bcdc-11e8-9c83-7dc5ca5286e2',
    userPointAccountId: '783e546e-a089-4bea-86ba-8bdb66e932a0',
    externalCustomerId: '14311211',
    firstName: 'J',
    lastName: 'H',
    email: 'jh@sessionm.com',
    phone: '1440273702',
    points: 10,
  },
  offers: {
    fiveOff: {
      title: '$5 off Check',
      offerId: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a',
      textId: 'b9a74ec6-bea8-466b-9e1f-b028ef5a21a9',
      userOfferId: '702ba202-55d4-44cd-ae40-dc864fb434a6',
      config: { type: 'fixed_amount_check_discount', amount: 5 },
    },
    twentyCoupon: {
      title: '$20 coupon',
      offerId: '2f1c7c1e-8a0b-4c55-9a8e-0b6a8e4f2d20',
      textId: '6a0f3c52-1d7e-4b8a-a3c9-5e2d7f9b1c20',
      userOfferId: '757144c2-6693-4a29-9f2c-f1d3aa2fa24f',
      config: { type: 'fixed_amount_check_discount', amount: 20 },
    },
    tenPercent: {
      title: '10% off Check',
      offerId: '9d4e2b7a-3c1f-4e8d-b6a2-7f0c5e1d3a10',
      textId: 'e3b8c1d4-7a2f-4c9e-8b5d-1f6a0e2c4b10',
      userOfferId: '264310e3-34ad-42a9-bcf5-8ca16ff4bc91',
      config: { type: 'percent_check_discount', amount: 10 },
    },
  },
} as const;

/** When the demo offers were issued: fixed, so a reset gives byte-identical answers. */
const acquiredAt = Date.UTC(2018, 8, 4, 19, 47, 28);

function loadDemo(store: MockStore): void {
  const { member } = demo;
  store.addUser(
    {
      user_id: member.userId,
      external_customer_id: member.externalCustomerId,
      first_name: member.firstName,
      last_name: member.lastName,
      email: member.email,
      phone: member.phone,
      points: member.points,
    },
    member.userPointAccountId,
  );
  Object.values(demo.offers).forEach((offer, i) => {
    const request: CreateOfferRequest = {
      retailer_id: demo.retailerId,
      ...offerRequest(offer.config, {
        title: offer.title,
        description: `Demo offer: ${offer.title}`,
        start: '2018-03-01 00:00:00.0',
        end: '2099-12-31 23:59:00.0',
        validity: { unit: 'years', period: 100 },
      }),
    };
    store.createOffer(request, { offerId: offer.offerId, textIds: [offer.textId] });
    store.issue(member.userId, offer.offerId, { id: offer.userOfferId, acquiredAt: acquiredAt + i * 1000 });
  });
}

/** Back to exactly the demo data set: all other state, including remembered POS answers, is dropped. */
export function resetToDemo(store: MockStore): void {
  store.clear();
  loadDemo(store);
}
