// pos-till → sessionm-pos-api: wallet lookup, lock, redeem (send_transaction) and unlock, as the till does them.
import { MatchersV3 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import type { Discount } from '../../schemas/generated/types.ts';
import { discountStatus, freshUuid, isoDateTime, posStatus, uuid } from '../matchers.ts';
import { invalidApiKey } from '../names.ts';
import { states } from '../states.ts';
import {
  basket,
  errorReply,
  examples,
  fromState,
  lookupType,
  posRequest,
  requestHeaders,
  responseHeaders,
  successStatus,
  unknownId,
} from './bodies.ts';
import { clientFactory, interaction, pactFor } from './harness.ts';

const { eachLike, integer, number, string } = MatchersV3;

const path = {
  lookup: '/api/2.0/offers/get_user_offers',
  lock: '/api/2.0/offers/redemption/lock',
  send: '/api/2.0/offers/send_transaction',
  unlock: '/api/2.0/unlock',
} as const;

const userOfferId = '702ba202-55d4-44cd-ae40-dc864fb434a6';
const memberId = 'f38bfc1e-bcdc-11e8-9c83-7dc5ca5286e2';

/** The discount Lock answered with, as the till echoes it back in send_transaction. */
const lockedDiscount: Discount = {
  reference_id: userOfferId,
  user_id: memberId,
  reference_id_type: 'userofferid',
  status: 'LOCKED',
  display_name: '$5 off Check',
  amount: 5,
};

const lockedDiscountBody = {
  reference_id: fromState.userOfferId,
  user_id: fromState.userId,
  reference_id_type: lookupType,
  status: discountStatus('LOCKED'),
  display_name: string('$5 off Check'),
  amount: number(5),
};

const lockBody = (offerLookupCode: unknown, transactionId: unknown, basketOverrides: Record<string, unknown> = {}) =>
  posRequest({
    offer_lookup_code: offerLookupCode,
    offer_lookup_type: lookupType,
    transaction: basket(transactionId, basketOverrides),
  });

const sendBody = (transactionId: unknown, discount: Record<string, unknown>) =>
  posRequest({ ...basket(transactionId, { discounts: [discount] }), is_closed: 'true' });

const okEnvelope = { status: posStatus('OK'), payload: null, errors: null };

export function posConsumerSuite(): void {
  const pact = pactFor('pos');
  const clients = clientFactory();
  afterAll(() => clients.close());

  describe('getUserOffers', () => {
    const lookupBody = (externalCustomerId: unknown) => posRequest({ external_customer_id: externalCustomerId });

    it("reads a member's wallet by external_customer_id", () =>
      interaction(pact, 'getUserOffers.success')
        .given(states.issued, { amount: 5 })
        .withRequest('POST', path.lookup, (b) =>
          b.headers(requestHeaders()).jsonBody(lookupBody(fromState.externalCustomerId)),
        )
        .willRespondWith(successStatus('getUserOffers.success'), (b) =>
          b.headers(responseHeaders).jsonBody({
            status: posStatus('success'),
            payload: eachLike({
              user_reference_id: uuid(memberId),
              first_name: string('J'),
              last_name: string('H'),
              points: number(10),
              offers: eachLike({
                reference_id: uuid(userOfferId),
                reference_id_type: lookupType,
                status: discountStatus('INFO'),
                display_name: string('$5 off Check'),
                amount: number(0),
              }),
            }),
            errors: null,
          }),
        )
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).getUserOffers({ external_customer_id: '14311211' });
          expect(result.ok && result.body.payload[0]?.offers[0]?.reference_id).toBe(userOfferId);
        }));

    it('is told no member has that external_customer_id', () =>
      interaction(pact, 'getUserOffers.unknownMember')
        .given(states.noMember, { external_customer_id: 'pact-no-such-member' })
        .withRequest('POST', path.lookup, (b) =>
          b.headers(requestHeaders()).jsonBody(lookupBody(fromState.externalCustomerId)),
        )
        .willRespondWith(...errorReply('getUserOffers.unknownMember'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).getUserOffers({ external_customer_id: 'pact-no-such-member' });
          expect(result).toMatchObject({ ok: false, status: 404, error: { errors: { code: 'USER_NOT_FOUND' } } });
        }));

    it('is told an empty external_customer_id is invalid', () =>
      interaction(pact, 'getUserOffers.emptyId')
        .given(states.retailer)
        .withRequest('POST', path.lookup, (b) => b.headers(requestHeaders()).jsonBody(lookupBody('')))
        .willRespondWith(...errorReply('getUserOffers.emptyId'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).getUserOffers({ external_customer_id: '' });
          expect(result.ok ? undefined : result.error?.errors.code).toBe('VALIDATION');
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'getUserOffers.badKey')
        .given(states.retailer)
        .withRequest('POST', path.lookup, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(lookupBody('14311211')),
        )
        .willRespondWith(...errorReply('getUserOffers.badKey'))
        .executeTest(async (server) => {
          const result = await clients
            .clientAt(server, invalidApiKey)
            .getUserOffers({ external_customer_id: '14311211' });
          expect(result.status).toBe(401);
        }));
  });

  describe('lockUserOffer', () => {
    const lock =
      (apiKey?: string, overrides: Record<string, string> = {}) =>
      (server: Parameters<typeof clients.clientAt>[0]) =>
        clients
          .clientAt(server, apiKey)
          .lockUserOffer(userOfferId, { ...sampleBasket(examples.transactionId), ...overrides });

    it('locks a user offer against a basket and reads the discount', () =>
      interaction(pact, 'lockUserOffer.success')
        .given(states.issued, { amount: 5 })
        .withRequest('POST', path.lock, (b) =>
          b.headers(requestHeaders()).jsonBody(lockBody(fromState.userOfferId, freshUuid(examples.transactionId))),
        )
        .willRespondWith(successStatus('lockUserOffer.success'), (b) =>
          b.headers(responseHeaders).jsonBody({
            status: posStatus('OK'),
            payload: {
              reference_id: uuid(userOfferId),
              user_id: uuid(memberId),
              reference_id_type: lookupType,
              status: discountStatus('LOCKED'),
              display_name: string('$5 off Check'),
              discounted_line_ids: eachLike(string('0')),
              amount: number(5),
              stack_order: integer(0),
              applied_time: isoDateTime('2018-09-07T16:29:11.299505Z'),
            },
            errors: null,
          }),
        )
        .executeTest(async (server) => {
          const result = await lock()(server);
          expect(result.ok && result.body.payload.status).toBe('LOCKED');
        }));

    it('is told another transaction holds the lock', () =>
      interaction(pact, 'lockUserOffer.conflict')
        .given(states.locked, { amount: 5 })
        .withRequest('POST', path.lock, (b) =>
          b.headers(requestHeaders()).jsonBody(lockBody(fromState.userOfferId, freshUuid(examples.transactionId))),
        )
        .willRespondWith(...errorReply('lockUserOffer.conflict'))
        .executeTest(async (server) => {
          const result = await lock()(server);
          expect(result).toMatchObject({ ok: false, status: 409, error: { errors: { code: 'LOCK_CONFLICT' } } });
        }));

    it('is told a redeemed user offer cannot be locked', () =>
      interaction(pact, 'lockUserOffer.redeemed')
        .given(states.redeemed, { amount: 5 })
        .withRequest('POST', path.lock, (b) =>
          b.headers(requestHeaders()).jsonBody(lockBody(fromState.userOfferId, freshUuid(examples.transactionId))),
        )
        .willRespondWith(...errorReply('lockUserOffer.redeemed'))
        .executeTest(async (server) => {
          const result = await lock()(server);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('ALREADY_REDEEMED');
        }));

    it('is told an offer outside its dates cannot be locked', () =>
      interaction(pact, 'lockUserOffer.expired')
        .given(states.expired)
        .withRequest('POST', path.lock, (b) =>
          b.headers(requestHeaders()).jsonBody(lockBody(fromState.userOfferId, freshUuid(examples.transactionId))),
        )
        .willRespondWith(...errorReply('lockUserOffer.expired'))
        .executeTest(async (server) => {
          const result = await lock()(server);
          expect(result).toMatchObject({ ok: false, status: 422, error: { errors: { code: 'OFFER_NOT_ELIGIBLE' } } });
        }));

    it('is told an unknown user offer does not exist', () =>
      interaction(pact, 'lockUserOffer.unknown')
        .given(states.retailer)
        .withRequest('POST', path.lock, (b) =>
          b.headers(requestHeaders()).jsonBody(lockBody(uuid(unknownId), freshUuid(examples.transactionId))),
        )
        .willRespondWith(...errorReply('lockUserOffer.unknown'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).lockUserOffer(unknownId, sampleBasket(examples.transactionId));
          expect(result.ok ? undefined : result.error?.errors.code).toBe('NOT_FOUND');
        }));

    it('is told a money amount with a decimal comma is invalid', () =>
      interaction(pact, 'lockUserOffer.decimalComma')
        .given(states.issued, { amount: 5 })
        .withRequest('POST', path.lock, (b) =>
          b
            .headers(requestHeaders())
            .jsonBody(lockBody(fromState.userOfferId, freshUuid(examples.transactionId), { subtotal: '11,77' })),
        )
        .willRespondWith(...errorReply('lockUserOffer.decimalComma'))
        .executeTest(async (server) => {
          const result = await lock(undefined, { subtotal: '11,77' })(server);
          expect(result).toMatchObject({ ok: false, status: 400, error: { errors: { code: 'VALIDATION' } } });
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'lockUserOffer.badKey')
        .given(states.retailer)
        .withRequest('POST', path.lock, (b) =>
          b
            .headers(requestHeaders(invalidApiKey))
            .jsonBody(lockBody(uuid(userOfferId), freshUuid(examples.transactionId))),
        )
        .willRespondWith(...errorReply('lockUserOffer.badKey'))
        .executeTest(async (server) => {
          const result = await lock(invalidApiKey)(server);
          expect(result.status).toBe(401);
        }));
  });

  describe('sendTransaction', () => {
    const send =
      (apiKey?: string, discount: Discount = lockedDiscount) =>
      (server: Parameters<typeof clients.clientAt>[0]) =>
        clients
          .clientAt(server, apiKey)
          .sendTransaction(closingTransaction(sampleBasket(examples.transactionId), [discount]));

    it('redeems the user offer locked by the transaction', () =>
      interaction(pact, 'sendTransaction.success')
        .given(states.locked, { amount: 5 })
        .withRequest('POST', path.send, (b) =>
          b.headers(requestHeaders()).jsonBody(sendBody(fromState.transactionId, lockedDiscountBody)),
        )
        .willRespondWith(successStatus('sendTransaction.success'), (b) =>
          b.headers(responseHeaders).jsonBody(okEnvelope),
        )
        .executeTest(async (server) => {
          const result = await send()(server);
          expect(result).toMatchObject({ ok: true, status: 200 });
        }));

    it('is told the user offer was already redeemed', () =>
      interaction(pact, 'sendTransaction.redeemed')
        .given(states.redeemed, { amount: 5 })
        .withRequest('POST', path.send, (b) =>
          b.headers(requestHeaders()).jsonBody(sendBody(fromState.transactionId, lockedDiscountBody)),
        )
        .willRespondWith(...errorReply('sendTransaction.redeemed'))
        .executeTest(async (server) => {
          const result = await send()(server);
          expect(result).toMatchObject({ ok: false, status: 409, error: { errors: { code: 'ALREADY_REDEEMED' } } });
        }));

    it('is told a user offer must be locked before it is redeemed', () =>
      interaction(pact, 'sendTransaction.notLocked')
        .given(states.issued, { amount: 5 })
        .withRequest('POST', path.send, (b) =>
          b.headers(requestHeaders()).jsonBody(sendBody(freshUuid(examples.transactionId), lockedDiscountBody)),
        )
        .willRespondWith(...errorReply('sendTransaction.notLocked'))
        .executeTest(async (server) => {
          const result = await send()(server);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('NOT_LOCKED');
        }));

    it('is told an unknown user offer does not exist', () =>
      interaction(pact, 'sendTransaction.unknown')
        .given(states.retailer)
        .withRequest('POST', path.send, (b) =>
          b.headers(requestHeaders()).jsonBody(
            sendBody(freshUuid(examples.transactionId), {
              ...lockedDiscountBody,
              reference_id: uuid(unknownId),
              user_id: uuid(memberId),
            }),
          ),
        )
        .willRespondWith(...errorReply('sendTransaction.unknown'))
        .executeTest(async (server) => {
          const result = await send(undefined, { ...lockedDiscount, reference_id: unknownId })(server);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('NOT_FOUND');
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'sendTransaction.badKey')
        .given(states.retailer)
        .withRequest('POST', path.send, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(
            sendBody(freshUuid(examples.transactionId), {
              ...lockedDiscountBody,
              reference_id: uuid(userOfferId),
              user_id: uuid(memberId),
            }),
          ),
        )
        .willRespondWith(...errorReply('sendTransaction.badKey'))
        .executeTest(async (server) => {
          const result = await send(invalidApiKey)(server);
          expect(result.status).toBe(401);
        }));
  });

  describe('unlockUserOffer', () => {
    const unlockBody = (id: unknown) => posRequest({ user_offer_id: id, employee_id: string('1000') });
    const unlock = (id: string, apiKey?: string) => (server: Parameters<typeof clients.clientAt>[0]) =>
      clients.clientAt(server, apiKey).unlockUserOffer(id, '1000');

    it('releases a lock', () =>
      interaction(pact, 'unlockUserOffer.success')
        .given(states.locked, { amount: 5 })
        .withRequest('POST', path.unlock, (b) =>
          b.headers(requestHeaders()).jsonBody(unlockBody(fromState.userOfferId)),
        )
        .willRespondWith(successStatus('unlockUserOffer.success'), (b) =>
          b.headers(responseHeaders).jsonBody(okEnvelope),
        )
        .executeTest(async (server) => {
          const result = await unlock(userOfferId)(server);
          expect(result).toMatchObject({ ok: true, status: 200 });
        }));

    it('is told a user offer that is not locked cannot be unlocked', () =>
      interaction(pact, 'unlockUserOffer.notLocked')
        .given(states.issued, { amount: 5 })
        .withRequest('POST', path.unlock, (b) =>
          b.headers(requestHeaders()).jsonBody(unlockBody(fromState.userOfferId)),
        )
        .willRespondWith(...errorReply('unlockUserOffer.notLocked'))
        .executeTest(async (server) => {
          const result = await unlock(userOfferId)(server);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('NOT_LOCKED');
        }));

    it('is told an unknown user offer does not exist', () =>
      interaction(pact, 'unlockUserOffer.unknown')
        .given(states.retailer)
        .withRequest('POST', path.unlock, (b) => b.headers(requestHeaders()).jsonBody(unlockBody(uuid(unknownId))))
        .willRespondWith(...errorReply('unlockUserOffer.unknown'))
        .executeTest(async (server) => {
          const result = await unlock(unknownId)(server);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('NOT_FOUND');
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'unlockUserOffer.badKey')
        .given(states.retailer)
        .withRequest('POST', path.unlock, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(unlockBody(uuid(userOfferId))),
        )
        .willRespondWith(...errorReply('unlockUserOffer.badKey'))
        .executeTest(async (server) => {
          const result = await unlock(userOfferId, invalidApiKey)(server);
          expect(result.status).toBe(401);
        }));
  });
}
