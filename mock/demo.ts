// Loads the demo data set (fixtures/demo.ts) into a store: what the mock starts with and a reset restores.
import { demo, demoOffers } from '../fixtures/demo.ts';
import type { MockStore } from './store.ts';

export function loadDemo(store: MockStore): void {
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
  for (const offer of demoOffers()) {
    store.createOffer(offer.request, { offerId: offer.offerId, textIds: [offer.textId] });
    store.issue(member.userId, offer.offerId, { id: offer.userOfferId, acquiredAt: offer.acquiredAt });
  }
}
