// Schema node → fast-check arbitrary of values that validate against it. Sizes stay small: these are the
// well-formed bases that mutations then break.
import fc from 'fast-check';
import { type JsonType, merge, type SchemaNode } from './schema.ts';

const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'), minLength: 1, maxLength: 8 });
const anyLeaf = fc.oneof(word, fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
/** Cap on generated lengths and counts where the schema sets none. */
const spare = 3;

export function arbitraryFor(node: SchemaNode): fc.Arbitrary<unknown> {
  if (node.const) return fc.constant(node.const.value);
  if (node.enum) return fc.constantFrom(...node.enum);
  if (node.anyOf) {
    const { anyOf, ...rest } = node;
    return fc.oneof(...anyOf.map((branch) => arbitraryFor(merge(rest, branch))));
  }
  const types = node.types;
  if (!types) return anyLeaf;
  if (types.length === 0) throw new Error(`fuzz: ${node.title ?? 'a schema'} admits no type`);
  return fc.oneof(...types.map((type) => typed(node, type)));
}

function typed(node: SchemaNode, type: JsonType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(node);
    case 'integer':
      return fc.integer({ min: lowerBound(node, 1) ?? -1_000_000, max: upperBound(node, 1) ?? 1_000_000 });
    case 'number':
      return fc.double({
        min: node.minimum ?? node.exclusiveMinimum ?? -1e9,
        max: node.maximum ?? node.exclusiveMaximum ?? 1e9,
        minExcluded: node.exclusiveMinimum !== undefined,
        maxExcluded: node.exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = node.minItems ?? 0;
      const maxLength = Math.min(node.maxItems ?? Number.POSITIVE_INFINITY, minLength + spare);
      return fc.array(node.items ? arbitraryFor(node.items) : anyLeaf, { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(node);
  }
}

const lowerBound = (node: SchemaNode, step: number) =>
  node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + step : node.minimum;
const upperBound = (node: SchemaNode, step: number) =>
  node.exclusiveMaximum !== undefined ? node.exclusiveMaximum - step : node.maximum;

/**
 * One arbitrary per pattern: building one costs fast-check tens of milliseconds (it tokenizes its set of dangerous
 * strings against the pattern's characters), and the same $defs patterns recur in every operation. Arbitraries are
 * immutable, so sharing them changes no generated value.
 */
const byPattern = new Map<string, fc.Arbitrary<string>>();
function matchingArbitrary(pattern: string): fc.Arbitrary<string> {
  let matching = byPattern.get(pattern);
  if (!matching) {
    // ajv runs with unicodeRegExp: false, so the pattern means what `new RegExp(pattern)` means.
    matching = fc.stringMatching(new RegExp(pattern));
    byPattern.set(pattern, matching);
  }
  return matching;
}

function stringArbitrary(node: SchemaNode): fc.Arbitrary<string> {
  const minLength = node.minLength ?? 0;
  const maxLength = node.maxLength ?? Number.POSITIVE_INFINITY;
  if (node.pattern === undefined) return fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 20) });
  const matching = matchingArbitrary(node.pattern);
  if (node.minLength === undefined && node.maxLength === undefined) return matching;
  return matching.filter((s) => [...s].length >= minLength && [...s].length <= maxLength);
}

function objectArbitrary(node: SchemaNode): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(node.properties);
  if (names.length === 0) {
    return node.closed ? fc.constant({}) : fc.dictionary(word, anyLeaf, { maxKeys: 2 });
  }
  const model = Object.fromEntries(names.map((name) => [name, arbitraryFor(node.properties[name] as SchemaNode)]));
  const withRequired = (required: string[]) => fc.record(model, { requiredKeys: required.filter((r) => r in model) });
  if (!node.requiredAnyOf) return withRequired(node.required);
  return fc.constantFrom(...node.requiredAnyOf).chain((set) => withRequired([...node.required, ...set]));
}
