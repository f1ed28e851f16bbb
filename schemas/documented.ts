// What the seed's sample responses document, field by field, against what the response schemas say: every field a
// sample shows is required, with the sample's JSON type, null allowed only where the sample has null. The few
// exceptions are decisions, each with its reason (docs/api-notes.md renders this table; a test holds it true).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemas, schemasDir } from './catalog.ts';

type Node = Record<string, unknown>;

export interface FieldDecision {
  schema: string;
  /** Dotted path, `[]` for array items: `payload.results[].skip`. */
  path: string;
  /** The sample's JSON type: string, integer, number, boolean, null, object, array. */
  sample: string;
  required: boolean;
  /** JSON types the schema allows here ('any' when it does not say). */
  allows: string[];
  /** Why this field departs from the rule, when it does. */
  exception?: string;
}

/** Departures from "required, with the sample's type", each decided and explained. */
export const exceptions: Record<string, { required?: false; alsoNull?: true; reason: string }> = {
  'user-offer-history.response.json payload.results[].skip': {
    required: false,
    reason:
      "the seed's broken brackets put skip/take inside the item; where they belong is unknowable, so they are accepted in the item and at payload level and required in neither",
  },
  'user-offer-history.response.json payload.results[].take': {
    required: false,
    reason: 'as skip',
  },
  'get-user-offers.response.json payload[].offers[].image_url': {
    alsoNull: true,
    reason: "Lock's sample shows null for the same field of the same discount object",
  },
};

const sampleResponses = [
  'create-offer.response.json',
  'fetch-offer.response.json',
  'get-user-offers.response.json',
  'lock-user-offer.response.json',
  'send-transaction.response.json',
  'user-offer-history.response.json',
];

const jsonType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

/** Properties and required of every allOf member folded into the node (the node's own keywords win). */
function foldAllOf(files: Map<string, Node>, file: string, node: Node): Node {
  const members = node.allOf as Node[] | undefined;
  if (!members) return node;
  let folded: Node = { ...node };
  delete folded.allOf;
  for (const member of members) {
    const { node: inner } = resolve(files, file, member);
    folded = {
      ...inner,
      ...folded,
      properties: { ...(inner.properties as Node), ...(folded.properties as Node) },
      required: [...((inner.required as string[]) ?? []), ...((folded.required as string[]) ?? [])],
    };
  }
  return folded;
}

/** A schema node with its $ref and allOf followed (sibling keywords win), and the file it now lives in. */
function resolve(files: Map<string, Node>, file: string, raw: Node): { file: string; node: Node } {
  const node = foldAllOf(files, file, raw);
  const ref = node.$ref;
  if (typeof ref !== 'string') return { file, node };
  const [target = '', pointer = ''] = ref.split('#');
  const targetFile = target ? target.replace(/^\.\//, '') : file;
  let found: unknown = files.get(targetFile);
  for (const key of pointer.split('/').filter(Boolean)) found = (found as Node | undefined)?.[key];
  if (!found || typeof found !== 'object') throw new Error(`${file}: cannot resolve ${ref}`);
  const inner = resolve(files, targetFile, found as Node);
  const { $ref: _, ...siblings } = node;
  const required = [...((inner.node.required as string[]) ?? []), ...((siblings.required as string[]) ?? [])];
  return {
    file: inner.file,
    node: {
      ...inner.node,
      ...siblings,
      properties: { ...(inner.node.properties as Node), ...(siblings.properties as Node) },
      ...(required.length ? { required } : {}),
    },
  };
}

function allowedTypes(files: Map<string, Node>, file: string, raw: Node): string[] {
  const { file: at, node } = resolve(files, file, raw);
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type as string[];
  if ('const' in node) return [jsonType(node.const)];
  if (Array.isArray(node.enum)) return [...new Set(node.enum.map(jsonType))];
  const branches = (node.anyOf ?? node.oneOf) as Node[] | undefined;
  if (branches) return [...new Set(branches.flatMap((branch) => allowedTypes(files, at, branch)))];
  return ['any'];
}

const allows = (types: string[], sample: string) =>
  types.includes('any') || types.includes(sample) || (sample === 'integer' && types.includes('number'));

/** One decision per field of every seed sample response, in the order the samples show them. */
export function documentedFields(): FieldDecision[] {
  const files = new Map(loadSchemas().map((s) => [s.$id.split('/').pop() ?? '', s as Node]));
  const out: FieldDecision[] = [];

  const walk = (schema: string, file: string, raw: Node, value: unknown, path: string) => {
    const { file: at, node } = resolve(files, file, raw);
    if (Array.isArray(value)) {
      const items = node.items as Node | undefined;
      for (const item of value) if (items) walk(schema, at, items, item, `${path}[]`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const properties = (node.properties ?? {}) as Record<string, Node>;
    const required = new Set((node.required as string[]) ?? []);
    for (const [key, child] of Object.entries(value)) {
      const fieldPath = path ? `${path}.${key}` : key;
      const childSchema = properties[key];
      const exception = exceptions[`${schema} ${fieldPath}`];
      if (!out.some((f) => f.schema === schema && f.path === fieldPath)) {
        out.push({
          schema,
          path: fieldPath,
          sample: jsonType(child),
          required: required.has(key),
          allows: childSchema ? allowedTypes(files, at, childSchema) : ['any'],
          ...(exception ? { exception: exception.reason } : {}),
        });
      }
      if (childSchema) walk(schema, at, childSchema, child, fieldPath);
    }
  };

  for (const schema of sampleResponses) {
    const sample = JSON.parse(readFileSync(join(schemasDir, 'examples', schema), 'utf8'));
    walk(schema, schema, files.get(schema) as Node, sample, '');
  }
  return out;
}

/** What is wrong with a decision, or undefined: not required, a type the sample does not have, null not shown. */
export function decisionProblem(field: FieldDecision): string | undefined {
  const exception = exceptions[`${field.schema} ${field.path}`];
  const where = `${field.schema} ${field.path}`;
  if (!field.required && exception?.required !== false)
    return `${where}: the sample shows it, the schema does not require it`;
  if (field.required && exception?.required === false) return `${where}: required, though excepted as not required`;
  if (!allows(field.allows, field.sample)) {
    return `${where}: the sample is ${field.sample}, the schema allows ${field.allows.join(' or ')}`;
  }
  const nullable = field.allows.includes('null') || field.allows.includes('any');
  if (field.sample !== 'null' && nullable && !field.allows.includes('any') && !exception?.alsoNull) {
    return `${where}: null allowed, though the sample is ${field.sample}`;
  }
  return undefined;
}
