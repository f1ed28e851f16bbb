// Many tills racing for one user offer: exactly one lock wins, every other gets LOCK_CONFLICT naming the winner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import type { Transaction } from '../../schemas/generated/types.ts';
import { type Harness, startHarness } from './harness.ts';

const userOffer = '702ba202-55d4-44cd-ae40-dc864fb434a6';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('50 concurrent locks of one user offer from distinct transactions', () => {
  it('one wins, 49 get 409 LOCK_CONFLICT naming it, and only the winner can redeem', async () => {
    // Random latency before each lock is applied, so arrival order and apply order differ.
    await h.admin.setFaults({
      seed: 3,
      rules: [{ route: 'lockUserOffer', latency: { uniform_ms: [0, 30] } }],
    });
    const baskets = Array.from({ length: 50 }, (_, i) => sampleBasket(`race-${i}`));
    const results = await Promise.all(baskets.map((basket) => h.client.lockUserOffer(userOffer, basket)));
    await h.admin.setFaults({ rules: [] });

    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0] as number;
    const losers = results.filter((r) => !r.ok);
    expect(losers.map((r) => [r.status, r.ok ? '' : r.error?.errors.code])).toEqual(
      Array(49).fill([409, 'LOCK_CONFLICT']),
    );
    for (const r of losers) expect(r.ok ? '' : r.error?.errors.message).toContain(`"race-${winner}"`);
    expect(await h.state()).toMatchObject({ locks: 1 });

    const winnerLock = results[winner];
    if (!winnerLock?.ok) throw new Error('unreachable');
    const loser = (winner + 1) % 50;
    const basketOf = (i: number) => baskets[i] as Transaction;
    const stolen = await h.client.sendTransaction(closingTransaction(basketOf(loser), [winnerLock.body.payload]));
    expect(stolen.ok ? '' : stolen.error?.errors.code).toBe('LOCK_CONFLICT');
    const redeem = await h.client.sendTransaction(closingTransaction(basketOf(winner), [winnerLock.body.payload]));
    expect(redeem.ok).toBe(true);
    expect(await h.state()).toMatchObject({ locks: 0, redemptions: 1 });
  });
});
