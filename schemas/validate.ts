// Node-side validators: the ajv standalone code `npm run schemas` generates from schemas/*.json (a test fails when
// it is stale), so no process pays for compiling every schema at start. The same functions run in k6 bundles.
import type { ValidateFunction } from 'ajv';
import { formatErrors, type SchemaViolation } from './errors.ts';
import * as generated from './generated/validators.js';
import { validatorName } from './names.ts';

export type { SchemaViolation } from './errors.ts';
export { formatErrors, violationText } from './errors.ts';

const byName = generated as unknown as Record<string, ValidateFunction>;

export type Validation = { ok: true } | { ok: false; violations: SchemaViolation[] };

/** Validates `data` against a schema file name such as "lock-user-offer.request.json". */
export function validate(schemaFile: string, data: unknown): Validation {
  const fn = validatorFor(schemaFile);
  return fn(data) ? { ok: true } : { ok: false, violations: formatErrors(fn.errors) };
}

export function validatorFor(schemaFile: string): ValidateFunction {
  const fn = byName[validatorName(schemaFile)];
  if (!fn) throw new Error(`no schema named ${schemaFile} in schemas/`);
  return fn;
}
