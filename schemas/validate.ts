// Node-side validators: every schema compiled once, at first import.
import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv.ts';
import { loadSchemas, schemaBaseUri } from './catalog.ts';
import { formatErrors, type SchemaViolation } from './errors.ts';

export type { SchemaViolation } from './errors.ts';
export { formatErrors, violationText } from './errors.ts';

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();
for (const schema of loadSchemas()) {
  compiled.set(schema.$id.slice(schemaBaseUri.length), ajv.getSchema(schema.$id) as ValidateFunction);
}

export type Validation = { ok: true } | { ok: false; violations: SchemaViolation[] };

/** Validates `data` against a schema file name such as "lock-user-offer.request.json". */
export function validate(schemaFile: string, data: unknown): Validation {
  const fn = validatorFor(schemaFile);
  return fn(data) ? { ok: true } : { ok: false, violations: formatErrors(fn.errors) };
}

export function validatorFor(schemaFile: string): ValidateFunction {
  const fn = compiled.get(schemaFile);
  if (!fn) throw new Error(`no schema named ${schemaFile} in schemas/`);
  return fn;
}
