// The regexes of schemas/, read from the schema files (never retyped). No Pact: commands that only read fixtures
// use it without loading Pact's native library.
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
