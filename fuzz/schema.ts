// Flattens a request schema into one tree of plain nodes: $refs resolved, allOf merged, anyOf split into
// "one of these required sets" or type alternatives. Unknown keywords throw, so a schema change cannot
// silently leave the fuzzer generating the wrong shapes.
import { type JsonSchema, loadSchemas, schemaBaseUri } from '../schemas/catalog.ts';

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

export interface SchemaNode {
  title?: string;
  /** Undefined: any JSON value. */
  types?: JsonType[];
  properties: Record<string, SchemaNode>;
  required: string[];
  /** anyOf of required-only branches: at least one of these key sets must be present. */
  requiredAnyOf?: string[][];
  /** additionalProperties or unevaluatedProperties false. */
  closed: boolean;
  items?: SchemaNode;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: { value: unknown };
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** Alternatives of a value (BooleanLike, nullable refs); the node's other keywords apply to each. */
  anyOf?: SchemaNode[];
}

const annotations = new Set(['$schema', '$id', '$defs', 'title', 'description', 'examples']);
const scalarKeywords = [
  'minItems',
  'maxItems',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'enum',
] as const;
const handled = new Set<string>([
  ...scalarKeywords,
  'type',
  'properties',
  'required',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'const',
  'anyOf',
  'allOf',
  '$ref',
]);

type Raw = Record<string, unknown>;

export class SchemaResolver {
  private readonly documents = new Map<string, Raw>();

  constructor(schemas: JsonSchema[] = loadSchemas()) {
    for (const schema of schemas) this.documents.set(schema.$id.slice(schemaBaseUri.length), schema);
  }

  /** The tree of a schema file such as "fetch-offer.request.json". */
  resolve(file: string): SchemaNode {
    return this.node(this.document(file), file, 0);
  }

  private document(file: string): Raw {
    const doc = this.documents.get(file);
    if (!doc) throw new Error(`fuzz: no schema ${file}`);
    return doc;
  }

  private node(raw: Raw, file: string, depth: number): SchemaNode {
    if (depth > 32) throw new Error(`fuzz: schema ${file} nests deeper than 32 levels`);
    for (const key of Object.keys(raw)) {
      // A format beside a pattern (IsoDateTime's date-time) adds nothing the pattern does not already demand.
      const known = annotations.has(key) || handled.has(key) || (key === 'format' && typeof raw.pattern === 'string');
      if (!known) throw new Error(`fuzz: ${file} uses unsupported keyword ${key}`);
    }
    let node = this.own(raw, file, depth);
    if (typeof raw.$ref === 'string') node = merge(node, this.ref(raw.$ref, file, depth));
    for (const part of (raw.allOf as Raw[] | undefined) ?? []) node = merge(node, this.node(part, file, depth + 1));
    return node;
  }

  private ref(ref: string, file: string, depth: number): SchemaNode {
    const [target = '', pointer = ''] = ref.split('#');
    const docFile = target === '' ? file : target;
    let raw: unknown = this.document(docFile);
    for (const part of pointer.split('/').filter(Boolean)) raw = (raw as Raw)[part];
    if (!raw || typeof raw !== 'object') throw new Error(`fuzz: ${file} has a dangling $ref ${ref}`);
    return this.node(raw as Raw, docFile, depth + 1);
  }

  private own(raw: Raw, file: string, depth: number): SchemaNode {
    const node: SchemaNode = {
      properties: {},
      required: [...((raw.required as string[] | undefined) ?? [])],
      closed: raw.additionalProperties === false || raw.unevaluatedProperties === false,
    };
    if (typeof raw.title === 'string') node.title = raw.title;
    if (raw.type !== undefined) node.types = (Array.isArray(raw.type) ? raw.type : [raw.type]) as JsonType[];
    for (const [name, sub] of Object.entries((raw.properties as Record<string, Raw> | undefined) ?? {})) {
      node.properties[name] = this.node(sub, file, depth + 1);
    }
    if (raw.items !== undefined) node.items = this.node(raw.items as Raw, file, depth + 1);
    if ('const' in raw) node.const = { value: raw.const };
    for (const key of scalarKeywords) if (raw[key] !== undefined) Object.assign(node, { [key]: raw[key] });
    const anyOf = raw.anyOf as Raw[] | undefined;
    if (anyOf) {
      if (anyOf.every((branch) => Object.keys(branch).every((key) => key === 'required'))) {
        node.requiredAnyOf = anyOf.map((branch) => branch.required as string[]);
      } else {
        node.anyOf = anyOf.map((branch) => this.node(branch, file, depth + 1));
      }
    }
    return node;
  }
}

const defined = <T>(a: T | undefined, b: T | undefined, key: string): T | undefined => {
  if (a !== undefined && b !== undefined && JSON.stringify(a) !== JSON.stringify(b)) {
    throw new Error(`fuzz: cannot merge two different ${key} in an allOf`);
  }
  return a ?? b;
};

/** Both schemas at once (allOf); enough for our schemas, which only ever refine each other. */
export function merge(a: SchemaNode, b: SchemaNode): SchemaNode {
  const out: SchemaNode = {
    properties: { ...a.properties },
    required: [...new Set([...a.required, ...b.required])],
    closed: a.closed || b.closed,
  };
  for (const [name, sub] of Object.entries(b.properties)) {
    const mine = out.properties[name];
    out.properties[name] = mine ? merge(mine, sub) : sub;
  }
  const title = a.title ?? b.title;
  if (title !== undefined) out.title = title;
  if (a.types && b.types) out.types = a.types.filter((t) => b.types?.includes(t));
  else if (a.types ?? b.types) out.types = a.types ?? b.types;
  if (a.items && b.items) out.items = merge(a.items, b.items);
  else if (a.items ?? b.items) out.items = a.items ?? b.items;
  for (const key of [...scalarKeywords, 'const', 'anyOf', 'requiredAnyOf'] as const) {
    const value = defined<unknown>(a[key], b[key], key);
    if (value !== undefined) Object.assign(out, { [key]: value });
  }
  return out;
}

export type PathPart = string | number;

export const pathText = (path: PathPart[]) =>
  path.length === 0
    ? '(root)'
    : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** The JSON types a node admits, integer counted under number's name when number is allowed. */
export function allowedTypes(node: SchemaNode): Set<JsonType> | undefined {
  const own = node.types;
  const alternatives = node.anyOf?.map(allowedTypes);
  if (alternatives?.some((t) => t === undefined)) return own ? new Set(own) : undefined;
  const fromAnyOf = alternatives ? new Set(alternatives.flatMap((t) => [...(t ?? [])])) : undefined;
  if (!own) return fromAnyOf;
  return new Set(fromAnyOf ? own.filter((t) => fromAnyOf.has(t)) : own);
}
