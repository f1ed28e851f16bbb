import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { type IntegrityState, integrityDifferences } from '../integrity.ts';
import { runLoad } from '../run.ts';

// A mock after 10 redeemed flows with 2 background offers each on 5 members.
const state = (over: Partial<IntegrityState> = {}): IntegrityState => ({
  redemptions: 10,
  locks: 0,
  transactions: 10,
  unacknowledged_redemptions: 0,
  user_offers: { issued: 10, locked: 0, redeemed: 10 },
  ...over,
});
const summary = (redeemed: number, issued = redeemed, failed = 0) => ({
  metrics: {
    redemption_flow_redeemed: { values: { passes: redeemed, fails: failed } },
    redemption_offer_issued: { values: { passes: issued, fails: 0 } },
    redemption_background_offers: { values: { count: 10 } },
  },
});

describe('integrityDifferences', () => {
  it('finds nothing when the mock and the flows agree', () => {
    expect(integrityDifferences(state(), summary(10))).toEqual([]);
  });

  it('names redemptions the flows never counted (doubled) and flows the mock never answered (lost)', () => {
    const [doubled] = integrityDifferences(state({ redemptions: 11, transactions: 11 }), summary(10));
    expect(doubled).toMatchObject({ check: 'redemptions', expected: 10, actual: 11 });
    expect(doubled?.message).toMatch(/^the mock answered 1 redemptions no flow counted \(redeemed twice/);
    // 12 offers issued and counted redeemed; the mock redeemed 10 of them.
    const [lost] = integrityDifferences(state({ user_offers: { issued: 12, locked: 0, redeemed: 10 } }), summary(12));
    expect(lost).toMatchObject({ check: 'redemptions', expected: 12, actual: 10 });
    expect(lost?.message).toMatch(/^2 flows counted a redemption the mock never made or never answered \(lost\)/);
  });

  it('redemptions whose every answer a fault dropped are accounted for, not differences', () => {
    // 7 flows redeemed; 3 failed whose redeem the mock applied without a word.
    expect(integrityDifferences(state({ unacknowledged_redemptions: 3 }), summary(7, 10, 3))).toEqual([]);
  });

  it('names locks left after teardown and transactions that redeemed nothing or several offers', () => {
    expect(integrityDifferences(state({ locks: 2 }), summary(10))).toEqual([
      expect.objectContaining({ check: 'locks', expected: 0, actual: 2 }),
    ]);
    expect(integrityDifferences(state({ transactions: 12 }), summary(10))[0]?.message).toMatch(
      /^2 accepted transactions redeemed nothing/,
    );
    expect(integrityDifferences(state({ transactions: 9 }), summary(10))[0]?.message).toMatch(
      /some transaction redeemed several offers/,
    );
  });

  it('names user offers the run made and did not count, and flows that ended without an issued offer', () => {
    const extra = state({ user_offers: { issued: 11, locked: 0, redeemed: 10 } });
    expect(integrityDifferences(extra, summary(10))).toEqual([
      expect.objectContaining({ check: 'issued', expected: 20, actual: 21 }),
    ]);
    expect(integrityDifferences(extra, summary(10))[0]?.message).toBe(
      'the mock created 21 user offers, the run counted 20 (10 background + 10 per flow)',
    );
    // 10 redeemed and 1 failed flows, but only 10 offers issued for them.
    const [short] = integrityDifferences(
      state({ user_offers: { issued: 10, locked: 0, redeemed: 10 } }),
      summary(10, 10, 1),
    );
    expect(short?.message).toBe('11 flows ended but only 10 offers were issued for them');
  });

  it('accounts for a failed flow and one cut off: their offers stay in the wallets', () => {
    // 12 issued: 10 redeemed, 1 failed, 1 left over; both unredeemed ones are INFO again.
    const after = state({ user_offers: { issued: 12, locked: 0, redeemed: 10 } });
    expect(integrityDifferences(after, summary(10, 12, 1))).toEqual([]);
  });

  it('compares what changed during the run when given the state before it', () => {
    const before = state({
      redemptions: 5,
      transactions: 5,
      locks: 1,
      user_offers: { issued: 0, locked: 1, redeemed: 5 },
    });
    const after = state({
      redemptions: 15,
      transactions: 15,
      locks: 1,
      user_offers: { issued: 10, locked: 1, redeemed: 15 },
    });
    expect(integrityDifferences(after, summary(10), before)).toEqual([]);
    expect(integrityDifferences(after, summary(10))).toHaveLength(3);
  });
});

describe('a load run against a mock that fails and drops send_transaction answers', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({
      faults: {
        seed: 7,
        rules: [{ route: 'sendTransaction', error: { status: 503, rate: 0.25 }, drop_after_apply: { rate: 0.25 } }],
      },
    });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('loses and doubles nothing: the mock state matches the flows', async () => {
    const before = mock.state();
    const result = await runLoad({
      mock,
      profile: 'smoke',
      engine: 'node',
      env: { RATE: '8', DURATION: '3s' },
      log: () => undefined,
    });
    expect(result.summary, result.message).toBeDefined();
    const { counts } = mock.faults.status();
    // The faults did strike, so the agreement below means something.
    expect(counts.errors).toBeGreaterThan(0);
    expect(counts.drops).toBeGreaterThan(0);
    const after = mock.state();
    expect(after.redemptions).toBeGreaterThan(0);
    expect(integrityDifferences(after, result.summary as never, before)).toEqual([]);
  });
});
