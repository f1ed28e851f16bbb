// Building blocks of interactions: headers, the POS envelope, the basket, error envelopes, provider-state ids.
import { MatchersV3 } from '@pact-foundation/pact';
import { defaults } from '../../client/config.ts';
import {
  errorStatus,
  freshUuid,
  integerString,
  localDateTime,
  money,
  offerLookupType,
  quantity,
  schemaEnumPattern,
} from '../matchers.ts';
import { placeholderApiKey } from '../names.ts';
import type { StateValues } from '../states.ts';

const { eachLike, fromProviderState, regex, string } = MatchersV3;

/** Any Basic credential; the example is a dummy, never a key. */
export const requestHeaders = (apiKey: string = placeholderApiKey) => ({
  'Content-Type': 'application/json',
  Authorization: regex('^Basic \\S+$', `Basic ${apiKey}`),
});

/** Media type only: a charset parameter on the provider's side is fine. */
export const responseHeaders = { 'Content-Type': 'application/json' };

/** A value the provider's state setup returns under `name` (a key of StateValues, so a typo fails typecheck). */
const injected = (name: keyof StateValues, example: string) => fromProviderState(`\${${name}}`, example);

/** Ids the provider owns or creates, injected by its state setups; examples are the seed's ids. */
export const fromState = {
  retailerId: injected('retailerId', defaults.retailerId),
  storeId: injected('storeId', defaults.storeId),
  clientId: injected('clientId', defaults.clientId),
  userId: injected('userId', 'f38bfc1e-bcdc-11e8-9c83-7dc5ca5286e2'),
  externalCustomerId: injected('externalCustomerId', '14311211'),
  offerId: injected('offerId', 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a'),
  userOfferId: injected('userOfferId', '702ba202-55d4-44cd-ae40-dc864fb434a6'),
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

/** The shape of client/baskets.ts sampleBasket: money as strings, local POS times, one or more lines. */
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

const errorDetail = (code: string) => ({ code, message: string('what went wrong, in words') });

/** Offers API errors: the code is the contract, the message only has to be text. */
export const offersError = (code: string) => ({ status: errorStatus('error'), errors: errorDetail(code) });

/** POS errors carry payload: null beside the error. */
export const posError = (code: string) => ({ status: errorStatus('error'), payload: null, errors: errorDetail(code) });

export const validationError = (pos: boolean, path: string) => ({
  status: errorStatus('error'),
  ...(pos ? { payload: null } : {}),
  errors: {
    code: 'VALIDATION',
    message: string('request breaks the schema'),
    validation_errors: eachLike({ path: string(path), message: string('is not valid') }),
  },
});

export const validityUnit = (example: string) =>
  regex(schemaEnumPattern('create-offer.request.json', '/properties/common_config/properties/validity_unit'), example);

export const booleanString = (example: 'true' | 'false') =>
  regex(schemaEnumPattern('common.json', '/$defs/BooleanLike/anyOf/1'), example);
