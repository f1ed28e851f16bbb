import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { startMock } from '../../mock/server.ts';
import { WorkflowError, walkWorkflow } from '../walkthrough.ts';

let mock: Awaited<ReturnType<typeof startMock>>;
const transport = nodeTransport();

beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(async () => {
  await transport.close();
  await mock.close();
});

const state = async () => ((await (await fetch(`${mock.url}/__mock/state`)).json()) as any).payload;

describe('the workflow walkthrough (npm start)', () => {
  it('walks every step against the mock and leaves exactly one redemption behind', async () => {
    const before = await state();
    const lines: string[] = [];
    const client = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: mock.url }), transport);
    const ids = await walkWorkflow(client, '14311211', (line) => lines.push(line));
    expect(lines.map((line) => line.slice(0, 3).trim())).toEqual(['0.', '1.', '2.', '3.', '4.', '5.', '6.', '', '']);
    const after = await state();
    expect(after.redemptions - before.redemptions).toBe(1);
    expect(after.locks).toBe(before.locks);
    expect(after.offers - before.offers).toBe(1);
    expect(ids.userOfferId).not.toBe(ids.unlockedUserOfferId);
  });

  it('stops with a message naming the step that failed', async () => {
    const client = new SessionMClient(
      configFromEnv({ SESSIONM_BASE_URL: mock.url, SESSIONM_API_SECRET: 'wrong-secret' }),
      transport,
    );
    const failure = walkWorkflow(client, '14311211', () => {});
    await expect(failure).rejects.toBeInstanceOf(WorkflowError);
    await expect(failure).rejects.toThrow(/^getUserOffers → 401 INVALID_API_KEY/);
  });
});
