// The test-data plan: how many members a rate needs, what their wallets hold, and which members each instance of
// a distributed run owns. Pure (imported by the k6 script and by Node); load/README.md "Test data" explains it.
import { type Env, ProfileError } from './profiles.ts';

/** A till sees a handful of offers in a wallet. */
export const defaultWalletSize = 3;

/** WALLET_SIZE: the INFO offers a wallet holds at Lookup, the flow's own one included. */
export function walletSizeOf(env: Env): number {
  const raw = env.WALLET_SIZE;
  if (raw === undefined || raw.trim() === '') return defaultWalletSize;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new ProfileError(`WALLET_SIZE must be a whole number from 1 to 100, got "${raw}"`);
  }
  return n;
}

/** Background offers per member: the wallet less the one offer issued for each flow. */
export const backgroundPerMember = (walletSize: number) => walletSize - 1;

/**
 * Members so that no member has two flows in flight. Iterations take members in turn, so a member's next flow
 * starts members / rate seconds after its last: longer than any flow within its p99 SLO.
 */
export function membersNeeded(rate: number, flowP99Ms: number): number {
  return Math.max(1, Math.ceil((rate * flowP99Ms) / 1000));
}

/** A fraction as k6 writes it in an execution segment: "0", "1", "1/4". */
type Fraction = { num: number; den: number };

function fraction(text: string, segment: string): Fraction {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(text.trim());
  const num = Number(m?.[1]);
  const den = Number(m?.[2] ?? 1);
  if (!m || den === 0 || num > den) throw new Error(`execution segment "${segment}" is not "from:to" in [0, 1]`);
  return { num, den };
}

/** This instance's part of a run: k6's execution segment, the whole run (0:1) when not distributed. */
export interface Instance {
  /** The segment as k6 prints it ("1/4:1/2"); "0:1" alone. */
  segment: string;
  from: Fraction;
  to: Fraction;
}

/**
 * The instance from `exec.test.options.executionSegment`: k6 serialises the segment that k6-operator passes
 * each runner (`--execution-segment=1/4:1/2`) as "from:to" (lib/execution_segment.go), and null without one.
 */
export function instanceOf(segment: string | null | undefined): Instance {
  if (segment === null || segment === undefined || segment === '') {
    return { segment: '0:1', from: { num: 0, den: 1 }, to: { num: 1, den: 1 } };
  }
  const [from, to, extra] = segment.split(':');
  if (from === undefined || to === undefined || extra !== undefined) {
    throw new Error(`execution segment "${segment}" is not "from:to" in [0, 1]`);
  }
  const f = fraction(from, segment);
  const t = fraction(to, segment);
  if (f.num * t.den >= t.num * f.den) throw new Error(`execution segment "${segment}" is empty`);
  return { segment, from: f, to: t };
}

/** The instance's share of the rate: its segment's length. */
export const shareOf = (i: Instance) => i.to.num / i.to.den - i.from.num / i.from.den;

/**
 * The members [start, end) of `total` that an instance owns. Segments of one sequence tile [0, 1], so the
 * instances own disjoint ranges that together cover every member: none issues to, or unlocks, another's.
 */
export function memberRange(i: Instance, total: number): { start: number; end: number } {
  const at = (f: Fraction) => Math.floor((f.num * total) / f.den);
  return { start: at(i.from), end: at(i.to) };
}

/** Set-up work, in requests: O(members), whatever the duration. */
export interface SetupPlan {
  members: number;
  /** One Lookup per member: its user_id and how many INFO offers its wallet holds already. */
  lookups: number;
  /** At most this many background offers (fewer when wallets hold offers already). */
  backgroundOffers: number;
}

export function setupPlan(members: number, walletSize: number): SetupPlan {
  return { members, lookups: members, backgroundOffers: members * backgroundPerMember(walletSize) };
}
