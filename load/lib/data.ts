// Test data as a till sees it (load/README.md "Test data"): set-up finds this instance's members, creates the run's
// offer and tops every wallet up to WALLET_SIZE - 1 background offers, O(members) whatever the duration; each flow
// then issues its own offer (flow.ts). The mock gets its members from the admin API and then takes the same path.
import exec from 'k6/execution';
import type { SessionMClient } from '../../client/client.ts';
import { MockAdminClient } from '../../client/mock-admin.ts';
import { describeFailure } from '../../client/responses.ts';
import { fixedAmountOffer } from '../../fixtures/offers.ts';
import type { MockState } from '../../schemas/generated/types.ts';
import { mismatch } from './checks.ts';
import { k6AdminTransport } from './k6-transport.ts';
import type { Member } from './members.ts';
import { backgroundOffers } from './metrics.ts';
import type { Phase } from './names.ts';

export type TargetKind = 'mock' | 'live';

/** What setup() hands every VU: this instance's members, in the order iterations take them. */
export interface TestData {
  kind: TargetKind;
  runId: string;
  /** This instance's execution segment ("0:1" when alone). */
  instance: string;
  /** The offer this instance issues, to its own members only. */
  offerId: string;
  externalIds: string[];
  userIds: string[];
  /** Mock only: the locks it held when set-up began; teardown sweeps only when there are more. */
  mockLocks: number | null;
}

export function targetKind(env: Record<string, string | undefined>): TargetKind {
  const kind = env.TARGET_KIND ?? 'live';
  if (kind !== 'mock' && kind !== 'live') throw new Error(`TARGET_KIND must be mock or live, got "${kind}"`);
  return kind;
}

/** Ends the test before any load with a message saying what is wrong. */
export function abort(message: string): never {
  exec.test.abort(message);
  throw new Error(message);
}

function count(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0, got "${env[name]}"`);
  return n;
}

/** Requests in flight while set-up and teardown go through the members: calls per second ≈ this / latency. */
export const setupConcurrencyOf = (env: Record<string, string | undefined>) => count(env, 'SETUP_CONCURRENCY', 20);

/** Runs fn over items, `width` at a time: fast set-up without a burst the target would see as load. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>) {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    const batch = items.slice(start, start + width).map((item, i) => fn(item, start + i));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

const mockAdmin = (baseUrl: string, phase: Phase) => new MockAdminClient(baseUrl, k6AdminTransport(phase));

export async function mockState(baseUrl: string, phase: Phase): Promise<MockState> {
  const state = await mockAdmin(baseUrl, phase).state();
  if (!state.ok) abort(`no SessionM mock at ${baseUrl}: GET /__mock/state: ${describeFailure(state)}`);
  return state.body.payload;
}

/** Adds `members` members with empty wallets under `prefix`: the admin API makes members only, never offers. */
export async function seedMockMembers(baseUrl: string, members: number, prefix: string): Promise<Member[]> {
  const seeded = await mockAdmin(baseUrl, 'setup').seed({
    users: members,
    offers_per_user: 0,
    external_customer_id_prefix: prefix,
  });
  if (!seeded.ok) abort(`seeding the mock failed: POST /__mock/seed: ${describeFailure(seeded)}`);
  const { users } = seeded.body.payload;
  if (users.length !== members) abort(`seeding the mock failed: ${users.length} members made, not ${members}`);
  return users.map((u) => ({ external_customer_id: u.external_customer_id }));
}

/** An answer worth asking again for: none (a reset, a timeout), 429 or a 5xx. */
const transient = (r: { ok: boolean; status: number }) =>
  !r.ok && (r.status === 0 || r.status === 429 || r.status >= 500);

/** Calls `send` until it succeeds, fails for good, or `tries` are spent; each call is a request of its own. */
async function persist<R extends { ok: boolean; status: number }>(tries: number, send: () => Promise<R>): Promise<R> {
  let result = await send();
  for (let n = 1; n < tries && transient(result); n++) result = await send();
  return result;
}

/** Tries per set-up or teardown call: a fault or a 429 on one of hundreds of calls must not stop the run. */
const tries = 5;

/** The target is up and takes our key: the first member's Lookup must pass (asked twice: a dead target fails fast). */
export async function checkHealthy(client: SessionMClient, member: string): Promise<void> {
  const lookup = await persist(2, () => client.getUserOffers({ external_customer_id: member }));
  if (lookup.status === 0)
    abort(`cannot reach ${client.config.posUrl}: ${lookup.ok ? '' : lookup.text || 'no answer'}`);
  if (lookup.status === 401) abort(`${client.config.posUrl} rejected the API key (SESSIONM_API_KEY)`);
  const problem = mismatch(lookup);
  if (problem) abort(`target unhealthy: Lookup of member ${member} → ${problem}`);
}

/** The offer this instance issues: its own, so its issues never touch another instance's. */
export async function createRunOffer(client: SessionMClient, runId: string, instance: string): Promise<string> {
  const offer = fixedAmountOffer(1, {
    title: `Load test ${runId} ${instance}`,
    description: 'Created by the k6 load test',
    validity: { unit: 'days', period: 7 },
  });
  // Asked again after a lost answer: at worst one more offer nobody issues.
  const created = await persist(tries, () => client.createOffer(offer));
  if (!created.ok) abort(`creating the load-test offer failed: ${describeFailure(created)}`);
  return created.body.payload.offer_id;
}

export interface Wallets {
  userIds: string[];
  /** Background offers issued now. */
  issued: number;
  /** Members whose wallet already held more than `background` INFO offers, and the fullest one's count. */
  fuller: number;
  largest: number;
}

/**
 * Looks every member up (their user_id, and the INFO offers their wallet holds already) and issues what is missing
 * for `background` offers each: one Lookup and at most `background` issues per member. A wallet that earlier runs
 * filled is topped up less, so wallets do not grow from run to run.
 */
export async function prepareWallets(
  client: SessionMClient,
  members: readonly Member[],
  offerId: string,
  background: number,
  width: number,
): Promise<Wallets> {
  const found = await inBatches(members, width, (m) => topUp(client, m.external_customer_id, offerId, background));
  const issued = found.reduce((sum, f) => sum + f.issued, 0);
  backgroundOffers.add(issued);
  return {
    userIds: found.map((f) => f.userId),
    issued,
    fuller: found.filter((f) => f.held > background).length,
    largest: Math.max(0, ...found.map((f) => f.held)),
  };
}

/**
 * One member's wallet up to `background` INFO offers. After a failed issue it counts again rather than issuing
 * blind: an issue whose answer was lost may have been applied, and the count stays exact either way.
 */
async function topUp(client: SessionMClient, member: string, offerId: string, background: number) {
  let first: number | undefined;
  let problem = '';
  for (let attempt = 0; attempt < tries; attempt++) {
    const lookup = await persist(tries, () => client.getUserOffers({ external_customer_id: member }));
    const user = lookup.ok ? lookup.body.payload[0] : undefined;
    if (!user) abort(`member ${member}: Lookup → ${mismatch(lookup) ?? 'no member in the answer'}`);
    const held = user.offers.filter((o) => o.status === 'INFO').length;
    first ??= held;
    let now = held;
    while (now < background) {
      const result = await client.issueUserOffer(user.user_reference_id, offerId);
      if (!result.ok) {
        problem = describeFailure(result);
        break;
      }
      now++;
    }
    if (now >= background) return { userId: user.user_reference_id, held: first, issued: now - first };
  }
  abort(`background offers for member ${member} failed ${tries} times, the last: ${problem}`);
}

/** Unlocks every LOCKED offer in these members' wallets: what flows cut off at the end left behind. */
export async function unlockLeftovers(client: SessionMClient, members: readonly string[], width: number) {
  const unlocked = await inBatches(members, width, async (member) => {
    const wallet = await persist(tries, () => client.getUserOffers({ external_customer_id: member }));
    if (!wallet.ok) {
      console.error(`teardown: Lookup of member ${member} failed, its locks stay: ${mismatch(wallet)}`);
      return 0;
    }
    const locked = wallet.body.payload.flatMap((u) => u.offers.filter((o) => o.status === 'LOCKED'));
    // One request_id per offer: a retry after a lost answer cannot unlock twice.
    const results = await Promise.all(
      locked.map((o) => client.unlockUserOffer(o.reference_id, undefined, { retries: tries - 1 })),
    );
    return results.filter((r) => r.ok).length;
  });
  return unlocked.reduce((a, b) => a + b, 0);
}
