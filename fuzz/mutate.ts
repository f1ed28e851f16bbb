// Mutations of one valid request: each breaks its schema, its JSON or its content type, and says how in one line.
import fc from 'fast-check';
import { allowedTypes, type JsonType, type PathPart, pathText, type SchemaNode } from './schema.ts';

export const mutationKinds = [
  'wrong-type',
  'missing-required',
  'extra-field',
  'bad-format',
  'boundary',
  'huge-string',
  'wrong-envelope',
  'broken-json',
  'wrong-content-type',
] as const;
export type MutationKind = (typeof mutationKinds)[number];

export interface Mutation {
  kind: MutationKind;
  description: string;
  body: string;
  /** Undefined: no Content-Type header at all. */
  contentType: string | undefined;
}

export const jsonContentType = 'application/json';

/**
 * JSON text written into the body verbatim: a number JSON.stringify cannot write (-0, 1e400, 2^53+1), or a huge
 * string already written.
 */
class RawJson {
  constructor(readonly text: string) {}
}

export function serialize(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (!(v instanceof RawJson)) return v;
    raws.push(v.text);
    return `@@fuzz-raw-${raws.length - 1}@@`;
  });
  // A function, so a "$" in the raw text is not read as a replacement pattern.
  return raws.reduce((out, raw, i) => out.replace(`"@@fuzz-raw-${i}@@"`, () => raw), text ?? 'null');
}

interface Site {
  path: PathPart[];
  node: SchemaNode;
  value: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every place in `value` with a schema of its own; alternatives (anyOf) are leaves. */
function sites(node: SchemaNode, value: unknown, path: PathPart[] = []): Site[] {
  const out: Site[] = [{ path, node, value }];
  if (node.anyOf) return out;
  if (isObject(value)) {
    for (const [name, sub] of Object.entries(node.properties)) {
      if (name in value) out.push(...sites(sub, value[name], [...path, name]));
    }
  } else if (Array.isArray(value) && node.items) {
    // The first few elements are enough: every element has the same schema.
    value.slice(0, 3).forEach((item, i) => {
      out.push(...sites(node.items as SchemaNode, item, [...path, i]));
    });
  }
  return out;
}

type Container = Record<PathPart, unknown>;

function edit(root: unknown, path: PathPart[], change: (parent: Container, key: PathPart) => void): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) throw new Error('fuzz: edit needs a non-root path');
  let parent = copy as Container;
  for (const part of path.slice(0, -1)) parent = parent[part] as Container;
  change(parent, path[path.length - 1] as PathPart);
  return copy;
}

const put = (root: unknown, path: PathPart[], replacement: unknown) =>
  path.length === 0
    ? replacement
    : edit(root, path, (parent, key) => {
        // defineProperty, so "__proto__" becomes a key of the JSON instead of a prototype.
        Object.defineProperty(parent, key, {
          value: replacement,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      });

const remove = (root: unknown, path: PathPart[]) =>
  edit(root, path, (parent, key) => {
    delete parent[key];
  });

const preview = (value: unknown) => {
  if (typeof value === 'string' && value.length > 40) return `a ${value.length.toLocaleString('en')}-char string`;
  const text = value instanceof RawJson ? value.text : serialize(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

interface Candidate {
  label: string;
  value: unknown;
}

const json = (kind: MutationKind, description: string, value: unknown): Mutation => ({
  kind,
  description,
  body: serialize(value),
  contentType: jsonContentType,
});

/** One site and one candidate replacement at it, written into the whole request. */
function replacing(
  kind: MutationKind,
  root: unknown,
  choices: { site: Site; candidates: Candidate[] }[],
  describe: (site: Site, c: Candidate) => string,
): fc.Arbitrary<Mutation> | undefined {
  const usable = choices.filter((choice) => choice.candidates.length > 0);
  if (usable.length === 0) return undefined;
  return fc
    .constantFrom(...usable)
    .chain(({ site, candidates }) =>
      fc.constantFrom(...candidates).map((c) => json(kind, describe(site, c), put(root, site.path, c.value))),
    );
}

const typeSamples: { type: JsonType; label: string; value: unknown }[] = [
  { type: 'string', label: 'string "x"', value: 'x' },
  { type: 'number', label: 'number 1.5', value: 1.5 },
  { type: 'integer', label: 'integer 7', value: 7 },
  { type: 'boolean', label: 'boolean true', value: true },
  { type: 'null', label: 'null', value: null },
  { type: 'array', label: 'an empty array', value: [] },
  { type: 'object', label: 'an empty object', value: {} },
];

function wrongTypes(site: Site): Candidate[] {
  const allowed = allowedTypes(site.node);
  if (!allowed) return [];
  const admits = (type: JsonType) => allowed.has(type) || (type === 'integer' && allowed.has('number'));
  const out: Candidate[] = typeSamples.filter((s) => !admits(s.type));
  if (typeof site.value === 'number' && !admits('string'))
    out.push({ label: `string "${site.value}"`, value: String(site.value) });
  if (!admits('array') && site.value !== undefined)
    out.push({ label: 'the value wrapped in an array', value: [site.value] });
  return out;
}

const compiled = new Map<string, RegExp>();
const regex = (pattern: string) => {
  const known = compiled.get(pattern);
  if (known) return known;
  const re = new RegExp(pattern);
  compiled.set(pattern, re);
  return re;
};

function matches(node: SchemaNode, s: string): boolean {
  if (node.const) return node.const.value === s;
  if (node.enum) return node.enum.includes(s);
  // Lengths count code points, between half the UTF-16 length and all of it; counting them (a spread of a 2 MB string)
  // is left to the cases those bounds do not settle.
  const settled =
    (node.minLength === undefined || Math.ceil(s.length / 2) >= node.minLength) &&
    (node.maxLength === undefined || s.length <= node.maxLength);
  if (!settled) {
    const length = [...s].length;
    if (node.minLength !== undefined && length < node.minLength) return false;
    if (node.maxLength !== undefined && length > node.maxLength) return false;
  }
  return node.pattern === undefined || regex(node.pattern).test(s);
}

const constrainedString = (site: Site) =>
  typeof site.value === 'string' &&
  !site.node.anyOf &&
  (site.node.pattern !== undefined ||
    site.node.enum !== undefined ||
    site.node.const !== undefined ||
    site.node.maxLength !== undefined);

const hostile = ["' OR '1'='1", '<script>alert(1)</script>', '../../etc/passwd', '\u0000', '%s%n', '😀', '١٢٣', 'NaN'];

function badFormats(site: Site): Candidate[] {
  const value = site.value as string;
  const pool = ['', ' ', 'x', 'null', `${value}x`, ` ${value}`, `${value}\n`, value.slice(1), ...hostile];
  return [...new Set(pool)]
    .filter((s) => (site.node.pattern || site.node.enum || site.node.const) && !matches(site.node, s))
    .map((s) => ({ label: JSON.stringify(s), value: s }));
}

function boundaries(site: Site): Candidate[] {
  const { node, value } = site;
  const out: Candidate[] = [];
  const add = (label: string, v: unknown) => out.push({ label, value: v });
  if (typeof value === 'string') {
    if (node.minLength)
      add(`${node.minLength - 1} chars (minLength ${node.minLength})`, 'a'.repeat(node.minLength - 1));
    if (node.maxLength !== undefined)
      add(`${node.maxLength + 1} chars (maxLength ${node.maxLength})`, 'a'.repeat(node.maxLength + 1));
    if (node.pattern && !regex(node.pattern).test('')) add('an empty string', '');
  }
  if (Array.isArray(value)) {
    if (node.minItems) add(`${node.minItems - 1} items (minItems ${node.minItems})`, value.slice(0, node.minItems - 1));
    if (node.maxItems !== undefined && value.length > 0) {
      const items = Array.from({ length: node.maxItems + 1 }, (_, i) => value[i % value.length]);
      add(`${items.length} items (maxItems ${node.maxItems})`, items);
    }
  }
  if (typeof value === 'number') {
    const integer = node.types?.includes('integer') && !node.types.includes('number');
    if (integer) add('non-integer 0.5 above the value', value + 0.5);
    const allowed = allowedTypes(node);
    if (allowed && !allowed.has('string')) {
      for (const text of ['NaN', 'Infinity', '-Infinity']) add(`the string "${text}"`, text);
    }
    const low = node.minimum ?? node.exclusiveMinimum;
    const high = node.maximum ?? node.exclusiveMaximum;
    if (low !== undefined) {
      const at = node.exclusiveMinimum !== undefined ? 'exclusiveMinimum' : 'minimum';
      add(`${at === 'minimum' ? low - 1 : low} (${at} ${low})`, at === 'minimum' ? low - 1 : low);
      add(`-1e308 (${at} ${low})`, -1e308);
      add(`-1e400, which parses as -Infinity (${at} ${low})`, new RawJson('-1e400'));
      if (low > 0 || (low === 0 && at === 'exclusiveMinimum')) add(`-0 (${at} ${low})`, new RawJson('-0'));
    }
    if (high !== undefined) {
      const at = node.exclusiveMaximum !== undefined ? 'exclusiveMaximum' : 'maximum';
      add(`${at === 'maximum' ? high + 1 : high} (${at} ${high})`, at === 'maximum' ? high + 1 : high);
      add(`1e308 (${at} ${high})`, 1e308);
      add(`1e400, which parses as Infinity (${at} ${high})`, new RawJson('1e400'));
      if (integer) add(`2^53+1 (${at} ${high})`, new RawJson('9007199254740993'));
    }
  }
  if (isObject(value) && node.required.length > 0) add('an empty object', {});
  return out;
}

/**
 * Whether JSON writes `text` as it is, between quotes: then so it writes any repeat of it, cut anywhere (no surrogate
 * pair to split), and a huge string is written without JSON.stringify reading all of it (3 ms a megabyte).
 */
const plainInJson = (text: string) => JSON.stringify(text) === `"${text}"` && !/[\ud800-\udfff]/.test(text);

function hugeString(root: unknown, all: Site[]): fc.Arbitrary<Mutation> | undefined {
  const targets = all.filter(constrainedString);
  if (targets.length === 0) return undefined;
  // 100 KB to 2 MB: past any sane field length, and often past the body limit too.
  return fc.tuple(fc.constantFrom(...targets), fc.integer({ min: 100_000, max: 2_000_000 })).map(([site, size]) => {
    const value = site.value as string;
    const repeated = value.length > 0 ? value.repeat(Math.ceil(size / value.length)).slice(0, size) : '';
    // Past maxLength by construction; a pattern may still match a repeat ("1" under ^[0-9]+$).
    const breaks = site.node.maxLength !== undefined || !matches(site.node, repeated);
    const ofValue = repeated !== '' && breaks;
    const huge = ofValue ? repeated : 'x'.repeat(size);
    return json(
      'huge-string',
      `huge string (${size.toLocaleString('en')} chars) at ${pathText(site.path)}`,
      put(root, site.path, !ofValue || plainInJson(value) ? new RawJson(`"${huge}"`) : huge),
    );
  });
}

function missingRequired(root: unknown, all: Site[]): fc.Arbitrary<Mutation> | undefined {
  const options: { path: PathPart[]; keys: string[] }[] = [];
  for (const { node, value, path } of all) {
    if (!isObject(value)) continue;
    for (const key of node.required) if (key in value) options.push({ path, keys: [key] });
    const lookups = [...new Set(node.requiredAnyOf?.flat() ?? [])].filter((key) => key in value);
    if (lookups.length > 0) options.push({ path, keys: lookups });
  }
  if (options.length === 0) return undefined;
  return fc.constantFrom(...options).map(({ path, keys }) => {
    const changed = keys.reduce<unknown>((out, key) => remove(out, [...path, key]), root);
    const names = keys.map((key) => pathText([...path, key])).join(', ');
    const what = keys.length > 1 ? `every one of ${names} (one is required)` : `required ${names}`;
    return json('missing-required', `missing ${what}`, changed);
  });
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function extraFields(root: unknown, all: Site[]): fc.Arbitrary<Mutation> | undefined {
  const closed = all.filter((site) => site.node.closed && isObject(site.value));
  if (closed.length === 0) return undefined;
  return fc.constantFrom(...closed).chain((site) => {
    const known = Object.keys(site.node.properties);
    const nearMisses = known.flatMap((name) => [camel(name), name.toUpperCase()]);
    const names = [...new Set(['unexpected_field', 'constructor', '__proto__', ...nearMisses])].filter(
      (name) => !known.includes(name),
    );
    return fc
      .tuple(fc.constantFrom(...names), fc.constantFrom<unknown>('x', 1, null, {}))
      .map(([name, extra]) =>
        json(
          'extra-field',
          `extra field "${name}" = ${preview(extra)} at ${pathText(site.path)}`,
          put(root, [...site.path, name], extra),
        ),
      );
  });
}

function wrongEnvelopes(root: unknown, pos: boolean): fc.Arbitrary<Mutation> {
  const body = isObject(root) ? root : {};
  const options: Candidate[] = [
    { label: 'the body is null', value: null },
    { label: 'the body is an array holding the request', value: [root] },
    { label: 'the body is the request JSON encoded again as a string', value: serialize(root) },
    { label: 'the body is the number 42', value: 42 },
  ];
  if (pos) {
    const { request_payload: payload, ...rest } = body;
    options.push({ label: 'request_payload is missing', value: rest });
    for (const name of ['requestPayload', 'RequestPayload', 'payload', 'request']) {
      options.push({ label: `request_payload renamed to ${name}`, value: { ...rest, [name]: payload } });
    }
    for (const [label, value] of [
      ['null', null],
      ['an array holding the payload', [payload]],
      ['the payload JSON as a string', serialize(payload)],
      ['an empty string', ''],
    ] as const) {
      options.push({ label: `request_payload is ${label}`, value: { ...rest, request_payload: value } });
    }
  }
  options.push({ label: 'the whole request wrapped in another request_payload', value: { request_payload: root } });
  return fc.constantFrom(...options).map((c) => json('wrong-envelope', c.label, c.value));
}

function brokenJson(root: unknown): fc.Arbitrary<Mutation> {
  const text = serialize(root);
  const broken = (description: string, body: string): Mutation => ({
    kind: 'broken-json',
    description,
    body,
    contentType: jsonContentType,
  });
  const fixed = [
    broken('empty body', ''),
    broken('whitespace-only body', '  \n'),
    broken('single-quoted JSON', text.replaceAll('"', "'")),
    broken('a trailing comma before the last }', text.replace(/}$/, ',}')),
    broken('a /* comment */ before the JSON', `/* fuzz */${text}`),
    broken('unquoted keys', text.replace(/"([A-Za-z_]+)":/g, '$1:')),
    broken('the JSON twice in a row', text + text),
  ];
  return fc.oneof(
    fc.constantFrom(...fixed),
    fc
      .integer({ min: 1, max: Math.max(1, text.length - 1) })
      .map((n) => broken(`body truncated to ${n} of ${text.length} chars`, text.slice(0, n))),
    fc
      .constantFrom('x', '}', ',', '{}', ' true', '\u0000')
      .map((garbage) => broken(`trailing garbage ${JSON.stringify(garbage)} after the JSON`, text + garbage)),
  );
}

function wrongContentType(root: unknown): fc.Arbitrary<Mutation> {
  const types = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/xml',
    'multipart/form-data; boundary=fuzz',
    'application/jsonx',
    undefined,
  ];
  return fc.constantFrom(...types).map((contentType) => ({
    kind: 'wrong-content-type' as const,
    description:
      contentType === undefined
        ? 'a valid JSON body without a Content-Type'
        : `a valid JSON body sent as Content-Type ${contentType}`,
    body: serialize(root),
    contentType,
  }));
}

const weights: Record<MutationKind, number> = {
  'wrong-type': 3,
  'missing-required': 3,
  'extra-field': 2,
  'bad-format': 3,
  boundary: 3,
  'huge-string': 1,
  'wrong-envelope': 2,
  'broken-json': 2,
  'wrong-content-type': 1,
};

/** Every applicable mutation of a valid `value` of `schema`, one picked per sample. */
export function mutationArbitrary(schema: SchemaNode, value: unknown): fc.Arbitrary<Mutation> {
  const all = sites(schema, value);
  const inner = all.filter((site) => site.path.length > 0);
  const pos = 'request_payload' in schema.properties;
  const byKind: Record<MutationKind, fc.Arbitrary<Mutation> | undefined> = {
    'wrong-type': replacing(
      'wrong-type',
      value,
      inner.map((site) => ({ site, candidates: wrongTypes(site) })),
      (site, c) => `wrong type at ${pathText(site.path)}: ${c.label} instead of ${preview(site.value)}`,
    ),
    'missing-required': missingRequired(value, all),
    'extra-field': extraFields(value, all),
    'bad-format': replacing(
      'bad-format',
      value,
      inner.filter(constrainedString).map((site) => ({ site, candidates: badFormats(site) })),
      (site, c) => `bad format at ${pathText(site.path)}: ${c.label} instead of ${preview(site.value)}`,
    ),
    boundary: replacing(
      'boundary',
      value,
      inner.map((site) => ({ site, candidates: boundaries(site) })),
      (site, c) => `boundary at ${pathText(site.path)}: ${c.label}`,
    ),
    'huge-string': hugeString(value, inner),
    'wrong-envelope': wrongEnvelopes(value, pos),
    'broken-json': brokenJson(value),
    'wrong-content-type': wrongContentType(value),
  };
  const choices = mutationKinds.flatMap((kind) => {
    const arbitrary = byKind[kind];
    return arbitrary ? [{ arbitrary, weight: weights[kind] }] : [];
  });
  return fc.oneof(...choices);
}
