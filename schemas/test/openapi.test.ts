import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOperations, schemasDir } from '../catalog.ts';

const lintFile = async (file: string) => lint({ ref: file, config: await createConfig({ extends: ['recommended'] }) });
const scratch = mkdtempSync(join(tmpdir(), 'openapi-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('schemas/openapi.json', () => {
  it('passes the Redocly recommended ruleset with no problem', async () => {
    const problems = await lintFile(join(schemasDir, 'openapi.json'));
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it('is caught by the linter when a referenced schema goes missing', async () => {
    cpSync(schemasDir, scratch, { recursive: true });
    rmSync(join(scratch, 'lock-user-offer.response.json'));
    const problems = await lintFile(join(scratch, 'openapi.json'));
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('names the eight operations with success under 200 and errors under 4xx', () => {
    const ops = loadOperations();
    expect(ops.map((op) => op.operationId).sort()).toEqual(
      [
        'createOffer',
        'fetchOffer',
        'getUserOfferHistory',
        'getUserOffers',
        'issueUserOffer',
        'lockUserOffer',
        'sendTransaction',
        'unlockUserOffer',
      ].sort(),
    );
    const doc = JSON.parse(readFileSync(join(schemasDir, 'openapi.json'), 'utf8'));
    for (const op of ops) {
      const statuses = Object.keys(doc.paths[op.path].post.responses).map(Number);
      expect(statuses, op.operationId).toContain(200);
      expect(statuses.filter((s) => s !== 200).every((s) => s >= 400 && s < 500)).toBe(true);
      expect(op.errorStatuses, op.operationId).toContain(401);
    }
  });

  it('keeps the seed sample paths as aliases of the documented ones', () => {
    const byId = Object.fromEntries(loadOperations().map((op) => [op.operationId, op]));
    expect(byId.getUserOffers?.aliases).toContain('/api/2.0/Lookup');
    expect(byId.lockUserOffer?.aliases).toContain('/api/2.0/Lock');
    expect(byId.lockUserOffer?.methods).toEqual(['POST', 'PATCH']);
    expect(byId.sendTransaction?.aliases).toContain('/api/2.0/send_transaction');
  });
});
