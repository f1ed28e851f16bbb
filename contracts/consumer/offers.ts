// offer-back-office → sessionm-offers-api: what the back office sends and reads, one `it` per state and request.
import { MatchersV3 } from '@pact-foundation/pact';
import { afterAll, describe, expect, it } from 'vitest';
import type { CreateOfferRequest } from '../../schemas/generated/types.ts';
import { culture, historyStatus, isoDateTime, localDateTime, uuid } from '../matchers.ts';
import { invalidApiKey } from '../names.ts';
import { states } from '../states.ts';
import {
  booleanString,
  errorReply,
  fromState,
  requestHeaders,
  responseHeaders,
  successStatus,
  unknownId,
  validityUnit,
} from './bodies.ts';
import { clientFactory, interaction, pactFor } from './harness.ts';

const { eachLike, integer, number, string } = MatchersV3;

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

const path = {
  create: '/api/2.0/offers/management/create',
  fetch: '/api/2.0/offers/fetch_offer',
  issue: '/api/2.0/offers/acquisition/issue',
  history: '/api/2.0/offers/user_offer_history',
} as const;

export function offersConsumerSuite(): void {
  const pact = pactFor('offers');
  const clients = clientFactory();
  afterAll(() => clients.close());

  describe('createOffer', () => {
    it('creates a published offer and reads its new id', () =>
      interaction(pact, 'createOffer.success')
        .given(states.retailer)
        .withRequest('POST', path.create, (b) =>
          b.headers(requestHeaders()).jsonBody(
            createOfferBody({
              start: localDateTime('2018-03-01 00:00:00.0'),
              end: localDateTime('2099-12-31 23:59:00.0'),
            }),
          ),
        )
        .willRespondWith(successStatus('createOffer.success'), (b) =>
          b.headers(responseHeaders).jsonBody({
            status: 'ok',
            payload: {
              offer_id: uuid('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a'),
              root_offer_id: uuid('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a'),
              new_status: integer(1),
            },
          }),
        )
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).createOffer(newOffer);
          expect(result.ok && result.body.payload.offer_id).toBe('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a');
        }));

    it('is refused when it sends ISO dates instead of local times', () =>
      interaction(pact, 'createOffer.isoDates')
        .given(states.retailer)
        .withRequest('POST', path.create, (b) =>
          b
            .headers(requestHeaders())
            .jsonBody(
              createOfferBody({ start: isoDateTime('2018-03-01T00:00:00Z'), end: isoDateTime('2099-12-31T23:59:00Z') }),
            ),
        )
        .willRespondWith(...errorReply('createOffer.isoDates'))
        .executeTest(async (server) => {
          const common = { ...newOffer.common_config };
          common.acquisition_start_date = '2018-03-01T00:00:00Z';
          common.acquisition_end_date = '2099-12-31T23:59:00Z';
          const result = await clients.clientAt(server).createOffer({ ...newOffer, common_config: common });
          expect(result).toMatchObject({ ok: false, status: 400, error: { errors: { code: 'VALIDATION' } } });
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'createOffer.badKey')
        .given(states.retailer)
        .withRequest('POST', path.create, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(
            createOfferBody({
              start: localDateTime('2018-03-01 00:00:00.0'),
              end: localDateTime('2099-12-31 23:59:00.0'),
            }),
          ),
        )
        .willRespondWith(...errorReply('createOffer.badKey'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server, invalidApiKey).createOffer(newOffer);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('INVALID_API_KEY');
        }));
  });

  describe('fetchOffer', () => {
    const fetchBody = (offerId: unknown) => ({
      retailer_id: fromState.retailerId,
      offer_id: offerId,
      culture: culture('en'),
    });

    it('reads the offer it created', () =>
      interaction(pact, 'fetchOffer.success')
        .given(states.offer, { title: '$5 off Check', amount: 5 })
        .withRequest('POST', path.fetch, (b) => b.headers(requestHeaders()).jsonBody(fetchBody(fromState.offerId)))
        .willRespondWith(successStatus('fetchOffer.success'), (b) =>
          b.headers(responseHeaders).jsonBody({
            status: 'ok',
            payload: {
              offer: {
                offer_type_id: string('manual_fulfillment'),
                id: uuid('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a'),
                retailer_id: uuid('2d5b5a08-becd-4837-a69a-2ab967c7773a'),
                title: string('$5 off Check'),
                status: integer(1),
                acquisition_start_date: isoDateTime('2018-03-01T00:00:00Z'),
                acquisition_end_date: isoDateTime('2099-12-31T23:59:00Z'),
                offer_text: eachLike({ culture: culture('en'), title: string('$5 off Check') }),
              },
            },
          }),
        )
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).fetchOffer('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a', 'en');
          expect(result.ok && result.body.payload.offer.acquisition_end_date).toBe('2099-12-31T23:59:00Z');
        }));

    it('is told an unknown offer does not exist', () =>
      interaction(pact, 'fetchOffer.unknown')
        .given(states.retailer)
        .withRequest('POST', path.fetch, (b) => b.headers(requestHeaders()).jsonBody(fetchBody(uuid(unknownId))))
        .willRespondWith(...errorReply('fetchOffer.unknown'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).fetchOffer(unknownId, 'en');
          expect(result).toMatchObject({ ok: false, status: 404, error: { errors: { code: 'NOT_FOUND' } } });
        }));

    it('is told a malformed offer id is invalid', () =>
      interaction(pact, 'fetchOffer.malformedId')
        .given(states.retailer)
        .withRequest('POST', path.fetch, (b) => b.headers(requestHeaders()).jsonBody(fetchBody('not-a-uuid')))
        .willRespondWith(...errorReply('fetchOffer.malformedId'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).fetchOffer('not-a-uuid', 'en');
          expect(result.ok ? undefined : result.error?.errors.code).toBe('VALIDATION');
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'fetchOffer.badKey')
        .given(states.retailer)
        .withRequest('POST', path.fetch, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(fetchBody(uuid(unknownId))),
        )
        .willRespondWith(...errorReply('fetchOffer.badKey'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server, invalidApiKey).fetchOffer(unknownId, 'en');
          expect(result.status).toBe(401);
        }));
  });

  describe('issueUserOffer', () => {
    const issueBody = (userId: unknown, offerId: unknown) => ({
      retailer_id: fromState.retailerId,
      user_id: userId,
      offer_id: offerId,
    });
    const memberId = 'f38bfc1e-bcdc-11e8-9c83-7dc5ca5286e2';
    const offerId = 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a';

    it('issues an offer to a member', () =>
      interaction(pact, 'issueUserOffer.success')
        .given(states.member)
        .given(states.offer, { title: '$5 off Check', amount: 5 })
        .withRequest('POST', path.issue, (b) =>
          b.headers(requestHeaders()).jsonBody(issueBody(fromState.userId, fromState.offerId)),
        )
        .willRespondWith(successStatus('issueUserOffer.success'), (b) =>
          b
            .headers(responseHeaders)
            .jsonBody({ status: 'ok', payload: { user_offer_id: uuid('702ba202-55d4-44cd-ae40-dc864fb434a6') } }),
        )
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).issueUserOffer(memberId, offerId);
          expect(result.ok && result.body.payload.user_offer_id).toBe('702ba202-55d4-44cd-ae40-dc864fb434a6');
        }));

    it('is told the offer does not exist', () =>
      interaction(pact, 'issueUserOffer.unknownOffer')
        .given(states.member)
        .withRequest('POST', path.issue, (b) =>
          b.headers(requestHeaders()).jsonBody(issueBody(fromState.userId, uuid(unknownId))),
        )
        .willRespondWith(...errorReply('issueUserOffer.unknownOffer'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).issueUserOffer(memberId, unknownId);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('NOT_FOUND');
        }));

    it('is told the member does not exist', () =>
      interaction(pact, 'issueUserOffer.unknownMember')
        .given(states.offer, { title: '$5 off Check', amount: 5 })
        .withRequest('POST', path.issue, (b) =>
          b.headers(requestHeaders()).jsonBody(issueBody(uuid(unknownId), fromState.offerId)),
        )
        .willRespondWith(...errorReply('issueUserOffer.unknownMember'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).issueUserOffer(unknownId, offerId);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('USER_NOT_FOUND');
        }));

    it('is told an offer outside its dates cannot be issued', () =>
      interaction(pact, 'issueUserOffer.pastOffer')
        .given(states.member)
        .given(states.pastOffer, { acquisition_end_date: '2019-03-31 23:59:00.0' })
        .withRequest('POST', path.issue, (b) =>
          b.headers(requestHeaders()).jsonBody(issueBody(fromState.userId, fromState.offerId)),
        )
        .willRespondWith(...errorReply('issueUserOffer.pastOffer'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).issueUserOffer(memberId, offerId);
          expect(result).toMatchObject({ ok: false, status: 422, error: { errors: { code: 'OFFER_NOT_ELIGIBLE' } } });
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'issueUserOffer.badKey')
        .given(states.retailer)
        .withRequest('POST', path.issue, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(issueBody(uuid(memberId), uuid(offerId))),
        )
        .willRespondWith(...errorReply('issueUserOffer.badKey'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server, invalidApiKey).issueUserOffer(memberId, offerId);
          expect(result.status).toBe(401);
        }));
  });

  describe('getUserOfferHistory', () => {
    const historyBody = (userId: unknown) => ({
      retailer_id: fromState.retailerId,
      user_ids: [userId],
      rollback_option: integer(0),
      skip: integer(0),
      take: integer(100),
    });
    const memberId = 'f38bfc1e-bcdc-11e8-9c83-7dc5ca5286e2';

    it("reads a member's issued offers", () =>
      interaction(pact, 'getUserOfferHistory.success')
        .given(states.issued, { amount: 5 })
        .withRequest('POST', path.history, (b) => b.headers(requestHeaders()).jsonBody(historyBody(fromState.userId)))
        .willRespondWith(successStatus('getUserOfferHistory.success'), (b) =>
          b.headers(responseHeaders).jsonBody({
            status: 'ok',
            payload: {
              total_records: integer(1),
              results: eachLike({
                title: string('$5 off Check'),
                user_offer_id: uuid('702ba202-55d4-44cd-ae40-dc864fb434a6'),
                offer_id: uuid('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a'),
                user_id: uuid(memberId),
                acquire_date: isoDateTime('2018-09-04T19:47:28.3475814Z'),
                status: integer(1),
                status_description: historyStatus('Issued'),
              }),
            },
          }),
        )
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).getUserOfferHistory([memberId]);
          expect(result.ok && result.body.payload.results[0]?.status_description).toBe('Issued');
        }));

    it('is told a malformed user id is invalid', () =>
      interaction(pact, 'getUserOfferHistory.malformedUserId')
        .given(states.retailer)
        .withRequest('POST', path.history, (b) => b.headers(requestHeaders()).jsonBody(historyBody('not-a-uuid')))
        .willRespondWith(...errorReply('getUserOfferHistory.malformedUserId'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server).getUserOfferHistory(['not-a-uuid']);
          expect(result.ok ? undefined : result.error?.errors.code).toBe('VALIDATION');
        }));

    it('is refused with a bad API key', () =>
      interaction(pact, 'getUserOfferHistory.badKey')
        .given(states.retailer)
        .withRequest('POST', path.history, (b) =>
          b.headers(requestHeaders(invalidApiKey)).jsonBody(historyBody(uuid(memberId))),
        )
        .willRespondWith(...errorReply('getUserOfferHistory.badKey'))
        .executeTest(async (server) => {
          const result = await clients.clientAt(server, invalidApiKey).getUserOfferHistory([memberId]);
          expect(result.status).toBe(401);
        }));
  });
}
