// The validators for k6 bundles (no Node built-ins): violations as a list, empty when valid.
import { formatErrors, type SchemaViolation } from './errors.ts';
import { validatorFor } from './validate.ts';

/** Violations of `data` against a schema file name such as "lock-user-offer.response.json"; empty when valid. */
export function violationsOf(schemaFile: string, data: unknown): SchemaViolation[] {
  const fn = validatorFor(schemaFile);
  return fn(data) ? [] : formatErrors(fn.errors);
}
