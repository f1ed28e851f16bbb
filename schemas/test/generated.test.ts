import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOperations, loadSchemas, schemasDir } from '../catalog.ts';
import { generate } from '../generate.ts';
import { adminOperations } from '../mock-admin.ts';

describe('generated output', () => {
  it('is what `npm run schemas` makes from the current schemas', async () => {
    const fresh = await generate();
    for (const [file, text] of Object.entries(fresh)) {
      expect(readFileSync(join(schemasDir, 'generated', file), 'utf8'), `${file} is stale: run npm run schemas`).toBe(
        text,
      );
    }
  });

  it('has the schema files every admin route of the mock names', () => {
    const ids = new Set(loadSchemas().map((s) => s.$id.split('/').pop()));
    for (const [id, op] of Object.entries(adminOperations)) {
      expect(ids, id).toContain(op.responseSchema);
      if ('requestSchema' in op) expect(ids, id).toContain(op.requestSchema);
    }
  });

  it('has a request and a response schema on disk for every operation', () => {
    const ids = new Set(loadSchemas().map((s) => s.$id.split('/').pop()));
    for (const op of loadOperations()) {
      expect(ids, op.operationId).toContain(op.requestSchema);
      expect(ids, op.operationId).toContain(op.responseSchema);
    }
  });
});
