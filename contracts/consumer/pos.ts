// pos-till → sessionm-pos-api: wallet lookup, lock, redeem (send_transaction) and unlock, as the till does them.
// One row per interaction, in the order the pact lists them.
import { MatchersV3 } from '@pact-foundation/pact';
import type { SessionMClient as Client } from '../../client/client.ts';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { demo } from '../../fixtures/demo.ts';
import type { Discount, Transaction } from '../../schemas/generated/types.ts';
import { discountStatus, freshUuid, isoDateTime, posStatus, uuid } from '../matchers.ts';
import { states } from '../states.ts';
import { basket, examples, fromState, lookupType, posRequest, unknownId } from './bodies.ts';
import { type ConsumerCase, consumerCase } from './harness.ts';

const { eachLike, integer, number, string } = MatchersV3;

const userOfferId = demo.offers.fiveOff.userOfferId;
const memberId = demo.member.userId;
const issued = [states.issued, { amount: 5 }] as const;
const locked = [states.locked, { amount: 5 }] as const;
const redeemed = [states.redeemed, { amount: 5 }] as const;
const retailer = [states.retailer] as const;

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

const lookupBody = (externalCustomerId: unknown) => posRequest({ external_customer_id: externalCustomerId });

const lockBody = (offerLookupCode: unknown, basketOverrides: Record<string, unknown> = {}) =>
  posRequest({
    offer_lookup_code: offerLookupCode,
    offer_lookup_type: lookupType,
    transaction: basket(freshUuid(examples.transactionId), basketOverrides),
  });

const sendBody = (transactionId: unknown, discount: Record<string, unknown>) =>
  posRequest({ ...basket(transactionId, { discounts: [discount] }), is_closed: 'true' });

const unlockBody = (id: unknown) => posRequest({ user_offer_id: id, employee_id: string('1000') });

const okEnvelope = { status: posStatus('OK'), payload: null, errors: null };

const lookUp = (externalCustomerId: string) => (client: Client) =>
  client.getUserOffers({ external_customer_id: externalCustomerId });
const lock =
  (id: string = userOfferId, overrides: Partial<Transaction> = {}) =>
  (client: Client) =>
    client.lockUserOffer(id, { ...sampleBasket(examples.transactionId), ...overrides });
const send =
  (discount: Discount = lockedDiscount) =>
  (client: Client) =>
    client.sendTransaction(closingTransaction(sampleBasket(examples.transactionId), [discount]));
const unlock = (id: string) => (client: Client) => client.unlockUserOffer(id, '1000');

export const posCases: ConsumerCase[] = [
  consumerCase({
    key: 'getUserOffers.success',
    given: [issued],
    body: lookupBody(fromState.externalCustomerId),
    answer: {
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
    },
    call: lookUp(demo.member.externalCustomerId),
    reads: (result) => result.ok && result.body.payload[0]?.offers[0]?.reference_id,
    wants: userOfferId,
  }),
  {
    key: 'getUserOffers.unknownMember',
    given: [[states.noMember, { external_customer_id: 'pact-no-such-member' }]],
    body: lookupBody(fromState.externalCustomerId),
    call: lookUp('pact-no-such-member'),
  },
  { key: 'getUserOffers.emptyId', given: [retailer], body: lookupBody(''), call: lookUp('') },
  {
    key: 'getUserOffers.badKey',
    given: [retailer],
    body: lookupBody(demo.member.externalCustomerId),
    call: lookUp(demo.member.externalCustomerId),
  },

  consumerCase({
    key: 'lockUserOffer.success',
    given: [issued],
    body: lockBody(fromState.userOfferId),
    answer: {
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
    },
    call: lock(),
    reads: (result) => result.ok && result.body.payload.status,
    wants: 'LOCKED',
  }),
  { key: 'lockUserOffer.conflict', given: [locked], body: lockBody(fromState.userOfferId), call: lock() },
  { key: 'lockUserOffer.redeemed', given: [redeemed], body: lockBody(fromState.userOfferId), call: lock() },
  { key: 'lockUserOffer.expired', given: [[states.expired]], body: lockBody(fromState.userOfferId), call: lock() },
  { key: 'lockUserOffer.unknown', given: [retailer], body: lockBody(uuid(unknownId)), call: lock(unknownId) },
  {
    key: 'lockUserOffer.decimalComma',
    given: [issued],
    body: lockBody(fromState.userOfferId, { subtotal: '11,77' }),
    call: lock(userOfferId, { subtotal: '11,77' }),
  },
  { key: 'lockUserOffer.badKey', given: [retailer], body: lockBody(uuid(userOfferId)), call: lock() },

  consumerCase({
    key: 'sendTransaction.success',
    given: [locked],
    body: sendBody(fromState.transactionId, lockedDiscountBody),
    answer: okEnvelope,
    call: send(),
    reads: (result) => [result.ok, result.status],
    wants: [true, 200],
  }),
  {
    key: 'sendTransaction.redeemed',
    given: [redeemed],
    body: sendBody(fromState.transactionId, lockedDiscountBody),
    call: send(),
  },
  {
    key: 'sendTransaction.notLocked',
    given: [issued],
    body: sendBody(freshUuid(examples.transactionId), lockedDiscountBody),
    call: send(),
  },
  {
    key: 'sendTransaction.unknown',
    given: [retailer],
    body: sendBody(freshUuid(examples.transactionId), {
      ...lockedDiscountBody,
      reference_id: uuid(unknownId),
      user_id: uuid(memberId),
    }),
    call: send({ ...lockedDiscount, reference_id: unknownId }),
  },
  {
    key: 'sendTransaction.badKey',
    given: [retailer],
    body: sendBody(freshUuid(examples.transactionId), {
      ...lockedDiscountBody,
      reference_id: uuid(userOfferId),
      user_id: uuid(memberId),
    }),
    call: send(),
  },

  consumerCase({
    key: 'unlockUserOffer.success',
    given: [locked],
    body: unlockBody(fromState.userOfferId),
    answer: okEnvelope,
    call: unlock(userOfferId),
    reads: (result) => [result.ok, result.status],
    wants: [true, 200],
  }),
  {
    key: 'unlockUserOffer.notLocked',
    given: [issued],
    body: unlockBody(fromState.userOfferId),
    call: unlock(userOfferId),
  },
  { key: 'unlockUserOffer.unknown', given: [retailer], body: unlockBody(uuid(unknownId)), call: unlock(unknownId) },
  { key: 'unlockUserOffer.badKey', given: [retailer], body: unlockBody(uuid(userOfferId)), call: unlock(userOfferId) },
];
