import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { type IntegrityState, integrityDifferences } from '../integrity.ts';
import { runLoad } from '../run.ts';

const state = (over: Partial<IntegrityState> = {}): IntegrityState => ({
  redemptions: 10,
  locks: 0,
  transactions: 10,
  unacknowledged_redemptions: 0,
  ...over,
});
const summary = (redeemed: number) => ({ metrics: { redemption_flow_redeemed: { values: { passes: redeemed } } } });

describe('integrityDifferences', () => {
  it('finds nothing when the mock and the flows agree', () => {
    expect(integrityDifferences(state(), summary(10))).toEqual([]);
  });

  it('names redemptions the flows never counted (doubled) and flows the mock never answered (lost)', () => {
    const [doubled] = integrityDifferences(state({ redemptions: 11, transactions: 11 }), summary(10));
    expect(doubled).toMatchObject({ check: 'redemptions', expected: 10, actual: 11 });
    expect(doubled?.message).toMatch(/^the mock answered 1 redemptions no flow counted \(redeemed twice/);
    const [lost] = integrityDifferences(state(), summary(12));
    expect(lost).toMatchObject({ check: 'redemptions', expected: 12, actual: 10 });
    expect(lost?.message).toMatch(/^2 flows counted a redemption the mock never made or never answered \(lost\)/);
  });

  it('redemptions whose every answer a fault dropped are accounted for, not differences', () => {
    expect(integrityDifferences(state({ unacknowledged_redemptions: 3 }), summary(7))).toEqual([]);
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

  it('compares what changed during the run when given the state before it', () => {
    const before = state({ redemptions: 5, transactions: 5, locks: 1 });
    const after = state({ redemptions: 15, transactions: 15, locks: 1 });
    expect(integrityDifferences(after, summary(10), before)).toEqual([]);
    expect(integrityDifferences(after, summary(10))).toHaveLength(2);
  });
});

describe('a load run against a mock that fails and drops send_transaction answers', () => {
  let mock: RunningMock;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-integrity-'));
    mock = await startMock({
      faults: {
        seed: 7,
        rules: [{ route: 'sendTransaction', error: { status: 503, rate: 0.25 }, drop_after_apply: { rate: 0.25 } }],
      },
    });
  });
  afterAll(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses and doubles nothing: the mock state matches the flows', async () => {
    const before = mock.store.state();
    const result = await runLoad({
      target: mock.url,
      profile: 'smoke',
      engine: 'node',
      outDir: dir,
      env: { TARGET_KIND: 'mock', RATE: '8', DURATION: '3s' },
      log: () => undefined,
    });
    expect(result.summary, result.message).toBeDefined();
    const { counts } = mock.faults.status();
    // The faults did strike, so the agreement below means something.
    expect(counts.errors).toBeGreaterThan(0);
    expect(counts.drops).toBeGreaterThan(0);
    const after = mock.store.state();
    expect(after.redemptions).toBeGreaterThan(0);
    expect(integrityDifferences(after, result.summary as never, before)).toEqual([]);
  });
});
