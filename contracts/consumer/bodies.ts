// Building blocks of interactions: headers, the POS envelope, the basket, error answers, provider-state ids.
import { HTTPResponseStatusClass, MatchersV3, type PactV4, type StatusCodeMatcher } from '@pact-foundation/pact';
import { demo } from '../../fixtures/demo.ts';
import { type Expectation, type ExpectationKey, expectations } from '../expectations.ts';
import { errorStatus, freshUuid, integerString, localDateTime, money, offerLookupType, quantity } from '../matchers.ts';
import { placeholderApiKey } from '../names.ts';
import { schemaEnumPattern } from '../schema-patterns.ts';
import type { StateValues } from '../states.ts';

const { eachLike, fromProviderState, matchStatus, regex, string } = MatchersV3;

/** Any Basic credential; the example is a dummy, never a key. */
export const requestHeaders = (apiKey: string = placeholderApiKey) => ({
  'Content-Type': 'application/json',
  Authorization: regex('^Basic \\S+$', `Basic ${apiKey}`),
});

/** Media type only: a charset parameter on the provider's side is fine. */
export const responseHeaders = { 'Content-Type': 'application/json' };

/** A value the provider's state setup returns under `name` (a key of StateValues, so a typo fails typecheck). */
const injected = (name: keyof StateValues, example: string) => fromProviderState(`\${${name}}`, example);

/** Ids the provider owns or creates, injected by its state setups; examples are the seed's ids (the demo data set). */
export const fromState = {
  retailerId: injected('retailerId', demo.retailerId),
  storeId: injected('storeId', demo.storeId),
  clientId: injected('clientId', demo.clientId),
  userId: injected('userId', demo.member.userId),
  externalCustomerId: injected('externalCustomerId', demo.member.externalCustomerId),
  offerId: injected('offerId', demo.offers.fiveOff.offerId),
  userOfferId: injected('userOfferId', demo.offers.fiveOff.userOfferId),
  transactionId: injected('transactionId', '3b0bdfb0-8c40-4960-bcf1-3b31627a7e83'),
};

/** Ids no provider has: the examples of "unknown …" interactions. */
export const unknownId = '0d9c7a6e-5f4b-4e3a-9c2d-1b0a9f8e7d6c';

export const examples = {
  transactionId: '3b0bdfb0-8c40-4960-bcf1-3b31627a7e83',
  requestId: '5a1c2e3d-4b6f-4a8e-9d0c-7e6f5a4b3c2d',
} as const;

export const posRequest = (payload: Record<string, unknown>) => ({
  store_id: fromState.storeId,
  client_id: fromState.clientId,
  request_id: freshUuid(examples.requestId),
  request_payload: payload,
});

/** The shape of fixtures/baskets.ts sampleBasket: money as strings, local POS times, one or more lines. */
export const basket = (transactionId: unknown, overrides: Record<string, unknown> = {}) => ({
  pos_employee_id: string('1000'),
  table_id: string('12'),
  channel: string('STORE'),
  transaction_id: transactionId,
  guest_count: integerString('1'),
  subtotal: money('11.77'),
  tax_total: money('.77'),
  open_time: localDateTime('2018-06-10 9:20:00.000'),
  modified_time: localDateTime('2018-06-10 9:20:00.000'),
  items: eachLike({
    line_id: string('0'),
    item_id: string('1'),
    quantity: quantity('1'),
    unit_price: money('10'),
    subtotal: money('10'),
    tax_included: money('.70'),
    modifies_line_id: string(''),
  }),
  discounts: [],
  payments: [],
  ...overrides,
});

export const lookupType = offerLookupType('userofferid');

/**
 * An error answer pinned as far as the consumer depends on it (see contracts/expectations.ts): the status exactly
 * where documented, else by class; the envelope by shape; the code exactly only where client code branches on it.
 * No payload or validation_errors: where we expect them, that is an assumption, reported but not pinned.
 */
export function errorReply(key: ExpectationKey): [number | StatusCodeMatcher<number>, ResponseBuilderFunc] {
  const e: Expectation = expectations[key];
  if (e.answer.kind !== 'error') throw new Error(`${key} expects no error`);
  const { status, pin, code, codeBranchedOnBy } = e.answer;
  const body = {
    status: errorStatus('error'),
    errors: { code: codeBranchedOnBy ? code : nonEmpty(code), message: string('what went wrong, in words') },
  };
  return [
    pin === 'exact' ? status : matchStatus(status, HTTPResponseStatusClass.ClientError),
    (b) => b.headers(responseHeaders).jsonBody(body),
  ];
}

/** A success status: exactly 200 where the answer is documented, any 2xx where only the client's ok/not ok counts. */
export function successStatus(key: ExpectationKey): number | StatusCodeMatcher<number> {
  const { answer }: Expectation = expectations[key];
  if (answer.kind !== 'success') throw new Error(`${key} expects an error`);
  return answer.pin === 'exact' ? answer.status : matchStatus(answer.status, HTTPResponseStatusClass.Success);
}

type WillRespondWith = ReturnType<ReturnType<PactV4['addInteraction']>['withRequest']>['willRespondWith'];
/** pact-js does not export its response builder type. */
type ResponseBuilderFunc = NonNullable<Parameters<WillRespondWith>[1]>;

const nonEmpty = (example: string) => regex('^.+$', example);

export const validityUnit = (example: string) =>
  regex(schemaEnumPattern('create-offer.request.json', '/properties/common_config/properties/validity_unit'), example);

export const booleanString = (example: 'true' | 'false') =>
  regex(schemaEnumPattern('common.json', '/$defs/BooleanLike/anyOf/1'), example);
