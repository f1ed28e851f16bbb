// The contract suite in one file, so its order is fixed: consumer pacts first, then the checks that read them.
import { mkdirSync, rmSync } from 'node:fs';
import { beforeAll, describe } from 'vitest';
import { offersConsumerSuite } from '../consumer/offers.ts';
import { posConsumerSuite } from '../consumer/pos.ts';
import { pactDir } from '../names.ts';
import { consistencySuite } from './consistency.suite.ts';
import { documentSuite } from './document.suite.ts';
import { verificationSuite } from './verification.suite.ts';

beforeAll(() => {
  // Pact merges into existing files: a renamed interaction would otherwise linger.
  rmSync(pactDir, { recursive: true, force: true });
  mkdirSync(pactDir, { recursive: true });
});

// No retries: a consumer test gets one try. The harness's client waits until Pact's mock server has recorded each
// request it answered (contracts/consumer/harness.ts, pact-reference #535).
describe('consumer offer-back-office → provider sessionm-offers-api', offersConsumerSuite);
describe('consumer pos-till → provider sessionm-pos-api', posConsumerSuite);
describe('pacts agree with schemas/ and openapi.json', consistencySuite);
describe('pacts and the bundled OpenAPI document, both ways', documentSuite);
describe('provider verification', verificationSuite);
