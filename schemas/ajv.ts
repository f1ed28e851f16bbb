// The one ajv configuration: the standalone build (generate.ts) compiles every schema with it.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { loadSchemas } from './catalog.ts';

export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    unicodeRegExp: false,
    schemas: loadSchemas(),
    ...extra,
  });
  ajvFormats.default(ajv);
  return ajv;
}
