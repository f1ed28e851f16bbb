// The Workflow section alone: how it stops. The whole walk against the mock, the vendor double and broken variants
// is in accept.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMClient } from '../../../client/client.ts';
import { configFromEnv, defaults } from '../../../client/config.ts';
import { nodeTransport } from '../../../client/node-transport.ts';
import { demo } from '../../../fixtures/demo.ts';
import { type RunningMock, startMock } from '../../../mock/server.ts';
import { runWorkflow } from '../workflow.ts';

const member = { userId: demo.member.userId, externalCustomerId: demo.member.externalCustomerId };
let mock: RunningMock;
const transport = nodeTransport();
const client = (env: Record<string, string> = {}) =>
  new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: mock.url, ...env }), transport);

beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(async () => {
  await transport.close();
  await mock.close();
});

describe('the Workflow section', () => {
  it('walks every step against the mock, each timed, leaving one redemption and no lock behind', async () => {
    const state = async () => mock.state();
    const before = await state();
    const run = await runWorkflow(client(), member, 'wf1');
    expect(run.section.status, run.section.failures.join('\n')).toBe('passed');
    expect(run.section.steps).toHaveLength(9);
    const after = await state();
    expect(after.redemptions - before.redemptions).toBe(1);
    expect(after.locks).toBe(before.locks);
    expect(run.created).toMatchObject({ transactions: ['accept-wf1-1'] });
    expect(after.offers - before.offers).toBe(1);
  });

  it('stops at the step that failed, naming the operation and the answer', async () => {
    const run = await runWorkflow(client({ SESSIONM_API_SECRET: 'wrong-secret' }), member, 'wf2');
    expect(run.section.status).toBe('failed');
    expect(run.section.failures).toEqual([
      expect.stringMatching(/^find the member: getUserOffers → 401 INVALID_API_KEY/),
    ]);
    expect(run.section.steps.map((s) => [s.name, s.ok])).toEqual([['find the member', false]]);
  });

  it('does not run for a member the provider does not know, saying which fixture to fix', async () => {
    const run = await runWorkflow(client(), { ...member, externalCustomerId: 'nobody-here' }, 'wf3');
    expect(run.section.status).toBe('not-run');
    expect(run.section.reason).toMatch(
      /^the fixtures' member nobody-here is unknown to the provider \(Lookup → getUserOffers → 404 USER_NOT_FOUND: .*\): set member in the fixtures/,
    );
    const wrongId = await runWorkflow(client(), { ...member, userId: defaults.clientId }, 'wf4');
    expect(wrongId.section.reason).toMatch(
      /^the fixtures give member 14311211 the user_id 686ed454.*fix member\.user_id/,
    );
  });
});
