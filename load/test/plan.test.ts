import { describe, expect, it } from 'vitest';
import {
  backgroundPerMember,
  instanceOf,
  memberRange,
  membersNeeded,
  setupPlan,
  shareOf,
  walletSizeOf,
} from '../lib/plan.ts';
import { ProfileError, peakRate, settingsFromEnv } from '../lib/profiles.ts';

describe('membersNeeded (a member comes back after members / rate seconds, longer than a flow p99)', () => {
  it('is the peak rate times the flow p99 SLO', () => {
    expect(membersNeeded(100, 1500)).toBe(150);
    expect(membersNeeded(800, 1500)).toBe(1200);
    expect(membersNeeded(200, 300)).toBe(60);
    expect(membersNeeded(0.1, 1500)).toBe(1);
  });
});

describe('setupPlan', () => {
  it('is O(members): a 1-hour soak prepares exactly what a 1-minute soak does', () => {
    const planFor = (DURATION: string) => {
      const settings = settingsFromEnv({ PROFILE: 'soak', DURATION });
      return setupPlan(membersNeeded(peakRate(settings), 1500), 3);
    };
    expect(planFor('1h')).toEqual(planFor('1m'));
    expect(planFor('1h')).toEqual({ members: 150, lookups: 150, backgroundOffers: 300 });
  });
});

describe('walletSizeOf', () => {
  it('defaults to 3, leaving 2 background offers per member beside the flow one', () => {
    expect(walletSizeOf({})).toBe(3);
    expect(backgroundPerMember(walletSizeOf({}))).toBe(2);
    expect(walletSizeOf({ WALLET_SIZE: '1' })).toBe(1);
    expect(backgroundPerMember(1)).toBe(0);
  });
  it('names the variable and the bad value', () => {
    for (const bad of ['0', '2.5', 'many', '101']) {
      expect(() => walletSizeOf({ WALLET_SIZE: bad })).toThrow(ProfileError);
    }
    expect(() => walletSizeOf({ WALLET_SIZE: '0' })).toThrow(
      'WALLET_SIZE must be a whole number from 1 to 100, got "0"',
    );
  });
});

describe('instanceOf and memberRange (k6-operator execution segments)', () => {
  it('is the whole run without a segment', () => {
    for (const none of [null, undefined, '']) {
      const whole = instanceOf(none);
      expect(whole.segment).toBe('0:1');
      expect(shareOf(whole)).toBe(1);
      expect(memberRange(whole, 10)).toEqual({ start: 0, end: 10 });
    }
  });

  it('reads the segments k6 prints and gives each instance of a sequence a disjoint range; together all', () => {
    // k6-operator's parallelism 3: --execution-segment-sequence=0,1/3,2/3,1 (k6 prints reduced fractions).
    for (const [sequence, total] of [
      [['0:1/3', '1/3:2/3', '2/3:1'], 10],
      [['0:1/4', '1/4:1/2', '1/2:3/4', '3/4:1'], 1200],
      [['0:1/4', '1/4:1/2', '1/2:3/4', '3/4:1'], 7],
    ] as const) {
      const ranges = sequence.map((s) => memberRange(instanceOf(s), total));
      expect(ranges[0]?.start).toBe(0);
      expect(ranges.at(-1)?.end).toBe(total);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
    }
    const second = instanceOf('1/4:1/2');
    expect(shareOf(second)).toBe(0.25);
    expect(memberRange(second, 1200)).toEqual({ start: 300, end: 600 });
    // Its 300 members hold its 200 flows/s at the 1.5 s p99: the file's 1,200 hold the run's 800.
    const { start, end } = memberRange(second, 1200);
    expect(end - start).toBe(membersNeeded(800 * shareOf(second), 1500));
  });

  it('rejects what is not a segment', () => {
    expect(() => instanceOf('1/2')).toThrow('execution segment "1/2" is not "from:to" in [0, 1]');
    expect(() => instanceOf('1/2:1/4')).toThrow('execution segment "1/2:1/4" is empty');
    expect(() => instanceOf('0:3/2')).toThrow(/not "from:to"/);
    expect(() => instanceOf('a:b')).toThrow(/not "from:to"/);
  });
});
