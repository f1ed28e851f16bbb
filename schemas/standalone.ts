// Precompiled validators for k6 bundles: no ajv compilation at run time, no Node built-ins.
import type { ValidateFunction } from 'ajv';
import { formatErrors, type SchemaViolation } from './errors.ts';
import * as generated from './generated/validators.js';
import { validatorName } from './names.ts';

const byName = generated as unknown as Record<string, ValidateFunction>;

/** Violations of `data` against a schema file name such as "lock-user-offer.response.json"; empty when valid. */
export function violationsOf(schemaFile: string, data: unknown): SchemaViolation[] {
  const fn = byName[validatorName(schemaFile)];
  if (!fn) throw new Error(`no standalone validator for ${schemaFile}`);
  return fn(data) ? [] : formatErrors(fn.errors);
}
