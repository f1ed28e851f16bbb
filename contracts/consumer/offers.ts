// offer-back-office → sessionm-offers-api: what the back office sends and reads. One row per interaction, in the
// order the pact lists them.
import { MatchersV3 } from '@pact-foundation/pact';
import type { SessionMClient as Client } from '../../client/client.ts';
import { demo } from '../../fixtures/demo.ts';
import type { CreateOfferRequest } from '../../schemas/generated/types.ts';
import { culture, historyStatus, isoDateTime, localDateTime, uuid } from '../matchers.ts';
import { states } from '../states.ts';
import { booleanString, fromState, unknownId, validityUnit } from './bodies.ts';
import { type ConsumerCase, consumerCase } from './harness.ts';

const { eachLike, integer, number, string } = MatchersV3;

const offerId = demo.offers.fiveOff.offerId;
const userOfferId = demo.offers.fiveOff.userOfferId;
const memberId = demo.member.userId;
const retailer = [states.retailer] as const;
const member = [states.member] as const;
const offer = [states.offer, { title: '$5 off Check', amount: 5 }] as const;

const newOffer: Omit<CreateOfferRequest, 'retailer_id'> = {
  offer_type: 'manual_fulfillment',
  publish: 'true',
  text_config: [
    {
      title: '$5 off Check',
      description: 'Pact offer',
      terms_and_conditions: 'Subject to availability.',
      culture: 'en',
    },
  ],
  common_config: {
    acquisition_start_date: '2018-03-01 00:00:00.0',
    acquisition_end_date: '2099-12-31 23:59:00.0',
    validity_unit: 'years',
    validity_period: 100,
    offer_config: { type: 'fixed_amount_check_discount', amount: 5 },
  },
};

const createOfferBody = (dates: { start: unknown; end: unknown }) => ({
  retailer_id: fromState.retailerId,
  offer_type: string('manual_fulfillment'),
  publish: booleanString('true'),
  text_config: eachLike({
    title: string('$5 off Check'),
    description: string('Pact offer'),
    terms_and_conditions: string('Subject to availability.'),
    culture: culture('en'),
  }),
  common_config: {
    acquisition_start_date: dates.start,
    acquisition_end_date: dates.end,
    validity_unit: validityUnit('years'),
    validity_period: integer(100),
    offer_config: { type: string('fixed_amount_check_discount'), amount: number(5) },
  },
});
const localDates = { start: localDateTime('2018-03-01 00:00:00.0'), end: localDateTime('2099-12-31 23:59:00.0') };

const fetchBody = (id: unknown) => ({ retailer_id: fromState.retailerId, offer_id: id, culture: culture('en') });
const issueBody = (userId: unknown, id: unknown) => ({
  retailer_id: fromState.retailerId,
  user_id: userId,
  offer_id: id,
});
const historyBody = (userId: unknown) => ({
  retailer_id: fromState.retailerId,
  user_ids: [userId],
  rollback_option: integer(0),
  skip: integer(0),
  take: integer(100),
});

const create = (request: Omit<CreateOfferRequest, 'retailer_id'>) => (client: Client) => client.createOffer(request);
const fetchOffer = (id: string) => (client: Client) => client.fetchOffer(id, 'en');
const issue = (userId: string, id: string) => (client: Client) => client.issueUserOffer(userId, id);
const history = (userId: string) => (client: Client) => client.getUserOfferHistory([userId]);

export const offersCases: ConsumerCase[] = [
  consumerCase({
    key: 'createOffer.success',
    given: [retailer],
    body: createOfferBody(localDates),
    answer: {
      status: 'ok',
      payload: { offer_id: uuid(offerId), root_offer_id: uuid(offerId), new_status: integer(1) },
    },
    call: create(newOffer),
    reads: (result) => result.ok && result.body.payload.offer_id,
    wants: offerId,
  }),
  {
    key: 'createOffer.isoDates',
    given: [retailer],
    body: createOfferBody({ start: isoDateTime('2018-03-01T00:00:00Z'), end: isoDateTime('2099-12-31T23:59:00Z') }),
    call: create({
      ...newOffer,
      common_config: {
        ...newOffer.common_config,
        acquisition_start_date: '2018-03-01T00:00:00Z',
        acquisition_end_date: '2099-12-31T23:59:00Z',
      },
    }),
  },
  { key: 'createOffer.badKey', given: [retailer], body: createOfferBody(localDates), call: create(newOffer) },

  consumerCase({
    key: 'fetchOffer.success',
    given: [offer],
    body: fetchBody(fromState.offerId),
    answer: {
      status: 'ok',
      payload: {
        offer: {
          offer_type_id: string('manual_fulfillment'),
          id: uuid(offerId),
          retailer_id: uuid('2d5b5a08-becd-4837-a69a-2ab967c7773a'),
          title: string('$5 off Check'),
          status: integer(1),
          acquisition_start_date: isoDateTime('2018-03-01T00:00:00Z'),
          acquisition_end_date: isoDateTime('2099-12-31T23:59:00Z'),
          offer_text: eachLike({ culture: culture('en'), title: string('$5 off Check') }),
        },
      },
    },
    call: fetchOffer(offerId),
    reads: (result) => result.ok && result.body.payload.offer.acquisition_end_date,
    wants: '2099-12-31T23:59:00Z',
  }),
  { key: 'fetchOffer.unknown', given: [retailer], body: fetchBody(uuid(unknownId)), call: fetchOffer(unknownId) },
  { key: 'fetchOffer.malformedId', given: [retailer], body: fetchBody('not-a-uuid'), call: fetchOffer('not-a-uuid') },
  { key: 'fetchOffer.badKey', given: [retailer], body: fetchBody(uuid(unknownId)), call: fetchOffer(unknownId) },

  consumerCase({
    key: 'issueUserOffer.success',
    given: [member, offer],
    body: issueBody(fromState.userId, fromState.offerId),
    answer: { status: 'ok', payload: { user_offer_id: uuid(userOfferId) } },
    call: issue(memberId, offerId),
    reads: (result) => result.ok && result.body.payload.user_offer_id,
    wants: userOfferId,
  }),
  {
    key: 'issueUserOffer.unknownOffer',
    given: [member],
    body: issueBody(fromState.userId, uuid(unknownId)),
    call: issue(memberId, unknownId),
  },
  {
    key: 'issueUserOffer.unknownMember',
    given: [offer],
    body: issueBody(uuid(unknownId), fromState.offerId),
    call: issue(unknownId, offerId),
  },
  {
    key: 'issueUserOffer.pastOffer',
    given: [member, [states.pastOffer, { acquisition_end_date: '2019-03-31 23:59:00.0' }]],
    body: issueBody(fromState.userId, fromState.offerId),
    call: issue(memberId, offerId),
  },
  {
    key: 'issueUserOffer.badKey',
    given: [retailer],
    body: issueBody(uuid(memberId), uuid(offerId)),
    call: issue(memberId, offerId),
  },

  consumerCase({
    key: 'getUserOfferHistory.success',
    given: [[states.issued, { amount: 5 }]],
    body: historyBody(fromState.userId),
    answer: {
      status: 'ok',
      payload: {
        total_records: integer(1),
        results: eachLike({
          title: string('$5 off Check'),
          user_offer_id: uuid(userOfferId),
          offer_id: uuid(offerId),
          user_id: uuid(memberId),
          acquire_date: isoDateTime('2018-09-04T19:47:28.3475814Z'),
          status: integer(1),
          status_description: historyStatus('Issued'),
        }),
      },
    },
    call: history(memberId),
    reads: (result) => result.ok && result.body.payload.results[0]?.status_description,
    wants: 'Issued',
  }),
  {
    key: 'getUserOfferHistory.malformedUserId',
    given: [retailer],
    body: historyBody('not-a-uuid'),
    call: history('not-a-uuid'),
  },
  { key: 'getUserOfferHistory.badKey', given: [retailer], body: historyBody(uuid(memberId)), call: history(memberId) },
];
