// Pact matchers whose regexes come from schemas/: a format changes in one place, and pacts follow.
import { MatchersV3 } from '@pact-foundation/pact';
import { schemaEnumPattern, schemaPattern } from './schema-patterns.ts';

const common = (name: string) => (example: string) =>
  MatchersV3.regex(schemaPattern('common.json', `/$defs/${name}`), example);
const commonEnum = (name: string) => (example: string) =>
  MatchersV3.regex(schemaEnumPattern('common.json', `/$defs/${name}`), example);

export const uuid = common('Uuid');
export const money = common('Money');
export const quantity = common('Quantity');
export const integerString = common('IntegerString');
export const isoDateTime = common('IsoDateTime');
export const localDateTime = common('LocalDateTime');
export const culture = common('Culture');
export const offerLookupType = commonEnum('OfferLookupType');
export const posStatus = commonEnum('PosSuccessStatus');
export const discountStatus = (example: string) =>
  MatchersV3.regex(schemaEnumPattern('common.json', '/$defs/Discount/properties/status'), example);
export const historyStatus = (example: string) =>
  MatchersV3.regex(
    schemaEnumPattern(
      'user-offer-history.response.json',
      '/properties/payload/properties/results/items/properties/status_description',
    ),
    example,
  );
export const errorStatus = (example: string) =>
  MatchersV3.regex(schemaEnumPattern('error.response.json', '/properties/status'), example);

/** A uuid the verifier generates afresh on every run: request_id must never repeat against a live provider. */
export const freshUuid = (example: string) => ({ ...uuid(example), 'pact:generator:type': 'Uuid' });
