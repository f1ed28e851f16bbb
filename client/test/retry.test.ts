// A retried send_transaction after a lost answer must never redeem twice: the mock applies it, drops the answer,
// and the client's retry (same request_id) gets the first answer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { SessionMClient } from '../client.ts';
import { configFromEnv } from '../config.ts';
import { MockAdminClient } from '../mock-admin.ts';
import { nodeTransport } from '../node-transport.ts';

const couponUserOffer = '757144c2-6693-4a29-9f2c-f1d3aa2fa24f';
const dropOnce = { seed: 1, rules: [{ route: 'sendTransaction', drop_after_apply: { rate: 1, limit: 1 } }] };

let mock: RunningMock;
let client: SessionMClient;
const transport = nodeTransport();

beforeAll(async () => {
  mock = await startMock({ port: 0 });
  client = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: mock.url }), transport);
});
afterAll(async () => {
  await transport.close();
  await mock.close();
});
beforeEach(() => mock.faults.clear());

async function lockedTransaction(transactionId: string) {
  await new MockAdminClient(mock.url, transport).reset();
  const basket = sampleBasket(transactionId);
  const lock = await client.lockUserOffer(couponUserOffer, basket);
  if (!lock.ok) throw new Error(`lock failed: ${lock.status}`);
  return closingTransaction(basket, [lock.body.payload]);
}

describe('sendTransaction retries after a dropped answer', () => {
  it('reuse the request_id: the retry gets the first answer and exactly one redemption is made', async () => {
    const payload = await lockedTransaction('t-retry-1');
    mock.faults.set(dropOnce);
    const redeem = await client.sendTransaction(payload, { retries: 1 });
    expect(redeem.ok).toBe(true);
    expect(mock.faults.status().counts.drops).toBe(1);
    expect(mock.state()).toMatchObject({ redemptions: 1, transactions: 1, unacknowledged_redemptions: 0 });
  });

  it('without a retry the redemption is made but unacknowledged; a repeat with the same request_id settles it', async () => {
    const payload = await lockedTransaction('t-retry-2');
    mock.faults.set(dropOnce);
    const lost = await client.sendTransaction(payload, { requestId: 'pos-42' });
    expect(lost.status).toBe(0);
    expect(mock.state()).toMatchObject({ redemptions: 1, unacknowledged_redemptions: 1 });
    const repeat = await client.sendTransaction(payload, { requestId: 'pos-42' });
    expect(repeat.ok).toBe(true);
    expect(mock.state()).toMatchObject({ redemptions: 1, unacknowledged_redemptions: 0 });
  });

  it('a repeat with a fresh request_id is refused as already redeemed (why the id must be reused)', async () => {
    const payload = await lockedTransaction('t-retry-3');
    mock.faults.set(dropOnce);
    await client.sendTransaction(payload);
    const fresh = await client.sendTransaction(payload);
    expect(fresh.ok ? undefined : fresh.error?.errors.code).toBe('ALREADY_REDEEMED');
    expect(mock.state().redemptions).toBe(1);
  });
});
