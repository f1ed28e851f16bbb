// One handler per operationId: a schema-valid request in, the typed success body out; rule breaks throw MockError.
import type { OperationId, OperationTypes } from '../schemas/generated/operations.ts';
import { MockError } from './errors.ts';
import type { MockStore } from './store.ts';
import { historyView, lockedDiscountView, offerView, walletView } from './views.ts';

type Handlers = {
  [Op in OperationId]: (request: OperationTypes[Op]['request'], now: number) => OperationTypes[Op]['response'];
};

const isTtlCode = (type: string) => type.toLowerCase() === 'ttlcode';

export function operationHandlers(store: MockStore): Handlers {
  return {
    createOffer(request) {
      const offer = store.createOffer(request);
      return {
        status: 'ok',
        payload: {
          offer_id: offer.id,
          root_offer_id: offer.id,
          validation_errors: {},
          revisioned: false,
          new_status: offer.published ? 1 : 0,
          state_transition: `created_new-(unknown_status>${offer.published ? 'published' : 'draft'})`,
        },
      };
    },

    fetchOffer(request) {
      const offer = store.offer(request.offer_id, request.retailer_id);
      return { status: 'ok', payload: { offer: offerView(offer, request.culture) } };
    },

    issueUserOffer(request) {
      const userOffer = store.issue(request.user_id, request.offer_id, { retailerId: request.retailer_id });
      return { status: 'ok', payload: { user_offer_id: userOffer.id } };
    },

    getUserOfferHistory(request) {
      const skip = request.skip ?? 0;
      const take = request.take ?? 100;
      const { total, page } = store.history(request.user_ids, skip, take);
      return {
        status: 'ok',
        payload: {
          total_records: total,
          skip,
          take,
          results: page.map((uo) => historyView(uo, store.redemptionWindow(uo))),
        },
      };
    },

    getUserOffers(request, now) {
      const lookup = request.request_payload;
      const user = store.findUser(lookup);
      return {
        status: 'success',
        payload: [walletView(user, store.wallet(user, now), lookup.transaction)],
        errors: null,
      };
    },

    lockUserOffer(request, now) {
      const { offer_lookup_code: code, offer_lookup_type: type, transaction } = request.request_payload;
      if (isTtlCode(type))
        throw new MockError('NOT_FOUND', `the mock issues no TTL codes; look ${code} up as userofferid`);
      return { status: 'OK', payload: lockedDiscountView(store.lock(code, transaction, now)), errors: null };
    },

    sendTransaction(request, now) {
      store.sendTransaction(request.request_payload, now);
      return { status: 'OK', payload: null, errors: null };
    },

    unlockUserOffer(request) {
      store.unlock(request.request_payload.user_offer_id);
      return { status: 'OK', payload: null, errors: null };
    },
  };
}
