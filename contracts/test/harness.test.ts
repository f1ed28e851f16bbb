// The consumer harness hands the client an answer only once Pact's mock server has recorded the request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { getFfiLib } from '@pact-foundation/pact-core';
import { afterAll, describe, expect, it } from 'vitest';
import { clientFactory } from '../consumer/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'harness-pacts-'));
const pact = new PactV4({
  consumer: 'harness-test',
  provider: 'harness-test-provider',
  dir,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'error',
});
const clients = clientFactory();
afterAll(async () => {
  await clients.close();
  rmSync(dir, { recursive: true, force: true });
});

const fetchOffer = (offerId: unknown) =>
  pact
    .addInteraction()
    .uponReceiving('a fetch of one offer')
    .withRequest('POST', '/api/2.0/offers/fetch_offer', (b) =>
      b.jsonBody({ retailer_id: MatchersV3.string('r'), offer_id: offerId }),
    )
    .willRespondWith(200, (b) => b.jsonBody({ status: 'ok', payload: { offer_id: 'o-1' } }));

const recorded = (port: number) => JSON.parse(getFfiLib().pactffiMockServerMismatches(port));

describe('consumer harness', () => {
  it('returns an answer only after the mock server recorded the match', () =>
    fetchOffer('o-1').executeTest(async (server) => {
      const result = await clients.clientAt(server).fetchOffer('o-1');
      expect(result.status).toBe(200);
      expect(recorded(server.port)).toEqual([]);
    }));

  it('still fails a request the mock server could not match, naming the field', async () => {
    let seen: { type: string }[] = [];
    const run = fetchOffer('o-1').executeTest(async (server) => {
      const result = await clients.clientAt(server).fetchOffer('o-2');
      expect(result.status).toBe(500);
      seen = recorded(server.port);
    });
    await expect(run).rejects.toThrow(/\$\.offer_id/);
    expect(seen.map((entry) => entry.type)).toEqual(['request-mismatch']);
  });

  it('still fails an interaction the client never sent', async () => {
    const run = fetchOffer('o-1').executeTest(async () => undefined);
    await expect(run).rejects.toThrow(/expected but not received/);
  });
});
