// The contract suite in one file, so its order is fixed: consumer pacts first, then the checks that read them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectations } from '../expectations.ts';
import { clearPacts, consumerCases, consumerRun } from '../generate.ts';
import { type Api, participants } from '../names.ts';
import { consistencySuite } from './consistency.suite.ts';
import { documentSuite } from './document.suite.ts';
import { verificationSuite } from './verification.suite.ts';

// This file's own pacts: contracts/pacts is written only by `npm run pacts` and `npm start`.
const pactDir = mkdtempSync(join(tmpdir(), 'contracts-pacts-'));
beforeAll(() => clearPacts(pactDir));
afterAll(() => rmSync(pactDir, { recursive: true, force: true }));

// The steps generatePacts runs, one `it` each. No retries: a consumer test gets one try. The harness's client waits
// until Pact's mock server has recorded each request it answered (contracts/consumer/harness.ts, pact-reference #535).
for (const api of Object.keys(consumerCases) as Api[]) {
  describe(`consumer ${participants[api].consumer} → provider ${participants[api].provider}`, () => {
    const run = consumerRun(api, pactDir);
    afterAll(run.close);
    for (const step of run.steps) it(`${step.row.key}: ${expectations[step.row.key].name}`, step.run);
  });
}
describe('pacts agree with schemas/ and openapi.json', () => consistencySuite(pactDir));
describe('pacts and the bundled OpenAPI document, both ways', () => documentSuite(pactDir));
describe('provider verification', () => verificationSuite(pactDir));
