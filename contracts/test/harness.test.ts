// The consumer harness hands the client an answer only once Pact's mock server has recorded the request, and fails
// a row whose client reads the answer wrong.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { getFfiLib } from '@pact-foundation/pact-core';
import { afterAll, describe, expect, it } from 'vitest';
import { clientFactory, consumerCase, runCase } from '../consumer/harness.ts';
import { posCases } from '../consumer/pos.ts';

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

describe('a consumer row', () => {
  const row = (key: string) => {
    const found = posCases.find((c) => c.key === key);
    if (!found) throw new Error(`no row ${key}`);
    return found;
  };

  it('passes as the table has it', () => runCase(pact, clients, row('sendTransaction.success')));

  it('fails when the client reads a success otherwise than the row wants', async () => {
    const misread = consumerCase({ ...row('sendTransaction.success'), wants: [true, 201] });
    await expect(runCase(pact, clients, misread)).rejects.toThrow(
      'sendTransaction.success: the client read [true,200], not [true,201]',
    );
  });

  it('fails an error row whose client takes the refusal for another status', async () => {
    const notLocked = row('unlockUserOffer.notLocked');
    // A client that reads every refusal as a 400: the pact is met, the reading is not.
    const misread = {
      ...notLocked,
      call: async (client: Parameters<typeof notLocked.call>[0]) => ({
        ...(await notLocked.call(client)),
        status: 400,
      }),
    };
    await expect(runCase(pact, clients, misread)).rejects.toThrow(
      'unlockUserOffer.notLocked: the client read {"ok":false,"status":400,"code":"NOT_LOCKED"}, not {"ok":false,"status":409,"code":"NOT_LOCKED"}',
    );
  });
});
