// Teardown releases what this run's flows left locked, on this run's members only, and leaves other locks alone:
// those of contract verification on the same mock (npm start), or of another instance's flows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBasket } from '../../fixtures/baskets.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { membersNeeded } from '../lib/plan.ts';
import { type LoadResult, runLoad } from '../run.ts';

describe('a load run whose Lock answers are lost after the mock applied them, beside a lock it does not own', () => {
  let mock: RunningMock;
  let foreign: string;
  let result: LoadResult;

  beforeAll(async () => {
    mock = await startMock({
      faults: { seed: 5, rules: [{ route: 'lockUserOffer', drop_after_apply: { rate: 0.3 } }] },
    });
    // As contract verification leaves one behind under npm start.
    const demo = mock.store.findUser({ external_customer_id: '14311211' });
    foreign = demo.userOffers[0]?.id as string;
    mock.store.lock(foreign, sampleBasket('not-this-run'), Date.now());
    result = await runLoad({
      mock,
      profile: 'smoke',
      engine: 'node',
      env: { RATE: '8', DURATION: '2s' },
      log: () => undefined,
    });
  }, 90_000);

  afterAll(async () => {
    await mock.close();
  });

  it('unlocks the offers its cut-off locks left, and nothing else', () => {
    const drops = mock.faults.status().counts.drops;
    expect(drops).toBeGreaterThan(0);
    expect(result.integrity, result.message).toEqual([]);
    expect(mock.state().locks).toBe(1);
    expect(mock.store.userOffer(foreign).lock?.transactionId).toBe('not-this-run');
  });

  it("sweeps only this run's members: the mock's state, one Lookup per member, one unlock per lost lock", () => {
    const teardown = result.summary?.metrics['http_reqs{phase:teardown}']?.values.count;
    expect(teardown).toBe(1 + membersNeeded(8, 1500) + mock.faults.status().counts.drops);
  });
});
