// Pact matchers whose regexes come from schemas/: a format changes in one place, and pacts follow.
import { MatchersV3 } from '@pact-foundation/pact';
import { loadSchemas } from '../schemas/catalog.ts';

type SchemaNode = { pattern?: string; enum?: string[]; [key: string]: unknown };

const schemas = new Map(loadSchemas().map((schema) => [schema.$id.split('/').pop() ?? '', schema]));

/** The node at a JSON pointer inside a schema file, e.g. ("common.json", "/$defs/Uuid"). */
function nodeAt(file: string, pointer: string): SchemaNode {
  let node: unknown = schemas.get(file);
  for (const key of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[key];
  if (typeof node !== 'object' || node === null) throw new Error(`schemas/${file} has nothing at ${pointer}`);
  return node as SchemaNode;
}

export function schemaPattern(file: string, pointer: string): string {
  const { pattern } = nodeAt(file, pointer);
  if (!pattern) throw new Error(`schemas/${file}${pointer} has no pattern`);
  return pattern;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An enum as an anchored alternation, so a regex matcher pins exactly the schema's values. */
export function schemaEnumPattern(file: string, pointer: string): string {
  const values = nodeAt(file, pointer).enum;
  if (!values?.length) throw new Error(`schemas/${file}${pointer} has no enum`);
  return `^(?:${values.map(escapeRegex).join('|')})$`;
}

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
