// Test data without collisions: iteration i redeems an offer of member i mod M, and no member has more
// flows in flight than issued offers. The mock is seeded through its admin API; a live target's members
// come from MEMBERS_FILE and get offers issued in setup().
import exec from 'k6/execution';
import http from 'k6/http';
import type { SessionMClient } from '../../client/client.ts';
import { fixedAmountOffer } from '../../client/offers.ts';
import { describeFailure } from '../../client/responses.ts';
import { mismatch } from './checks.ts';

export type TargetKind = 'mock' | 'live';

export interface TestData {
  kind: TargetKind;
  runId: string;
  /** external_customer_ids; empty for a live target, whose members stay in the SharedArray. */
  members: string[];
}

export interface Member {
  external_customer_id: string;
  /** Saves a Lookup in setup() when given. */
  user_id?: string;
}

/** Members per seed: more would only grow the setup data every VU holds a copy of. */
const maxMockMembers = 20_000;
/** The mock's limit on offers per seeded user. */
const maxOffersPerMember = 100;

export function targetKind(env: Record<string, string | undefined>): TargetKind {
  const kind = env.TARGET_KIND ?? 'live';
  if (kind !== 'mock' && kind !== 'live') throw new Error(`TARGET_KIND must be mock or live, got "${kind}"`);
  return kind;
}

/** Reads MEMBERS_FILE (a JSON array of members); called in the init context. */
export function parseMembers(text: string, file: string): Member[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error(`${file} must be a non-empty JSON array of members`);
  return parsed.map((m, i) => {
    if (typeof m?.external_customer_id !== 'string' || m.external_customer_id === '') {
      throw new Error(`${file}[${i}] needs an "external_customer_id" string`);
    }
    return m as Member;
  });
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

/** Instances of a distributed run (k6-operator parallelism): each issues its share of the pool. */
export const instancesOf = (env: Record<string, string | undefined>) => count(env, 'INSTANCES', 1);
/** Requests in flight while setup() issues offers: issues per second ≈ this / latency. */
export const setupConcurrencyOf = (env: Record<string, string | undefined>) => count(env, 'SETUP_CONCURRENCY', 20);

/** Runs fn over items, `width` at a time: fast setup without a burst the target would see as load. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>) {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    const batch = items.slice(start, start + width).map((item, i) => fn(item, start + i));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

async function admin(baseUrl: string, method: string, path: string, body?: unknown) {
  const res = await http.asyncRequest(method, `${baseUrl}${path}`, body === undefined ? null : JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json' },
    tags: { name: 'mock_admin' },
    timeout: '120s',
  });
  let json: { status?: string; payload?: unknown } | undefined;
  try {
    json = typeof res.body === 'string' ? JSON.parse(res.body) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    error: res.error,
    json,
    text: typeof res.body === 'string' ? res.body.slice(0, 200) : '',
  };
}

export interface MockState {
  redemptions: number;
  locks: number;
}

export async function mockState(baseUrl: string): Promise<MockState> {
  const res = await admin(baseUrl, 'GET', '/__mock/state');
  const payload = res.json?.payload as Partial<MockState> | undefined;
  if (res.status !== 200 || typeof payload?.redemptions !== 'number') {
    abort(`no SessionM mock at ${baseUrl}: GET /__mock/state → ${res.status || res.error} ${res.text}`);
  }
  return { redemptions: payload.redemptions, locks: payload.locks ?? 0 };
}

/** Seeds members with enough issued offers for `pool` flows, under a prefix unique to the run. */
export async function seedMock(baseUrl: string, pool: number, runId: string): Promise<string[]> {
  await mockState(baseUrl);
  const members = Math.min(pool, maxMockMembers);
  const offersPerMember = Math.ceil(pool / members);
  if (offersPerMember > maxOffersPerMember) {
    abort(
      `a pool of ${pool} flows needs more than ${maxMockMembers * maxOffersPerMember} offers: lower RATE or DURATION`,
    );
  }
  const res = await admin(baseUrl, 'POST', '/__mock/seed', {
    users: members,
    offers_per_user: offersPerMember,
    external_customer_id_prefix: `load-${runId}-`,
  });
  const users = (res.json?.payload as { users?: { external_customer_id: string }[] } | undefined)?.users;
  if (res.status !== 200 || !Array.isArray(users) || users.length !== members) {
    abort(`seeding the mock failed: POST /__mock/seed → ${res.status || res.error} ${res.text}`);
  }
  return users.map((u) => u.external_customer_id);
}

/** The target is up and takes our key: the first member's Lookup must pass. */
export async function checkHealthy(client: SessionMClient, member: string): Promise<void> {
  const lookup = await client.getUserOffers({ external_customer_id: member });
  if (lookup.status === 0)
    abort(`cannot reach ${client.config.posUrl}: ${lookup.ok ? '' : lookup.text || 'no answer'}`);
  if (lookup.status === 401) abort(`${client.config.posUrl} rejected the API key (SESSIONM_API_KEY)`);
  const problem = mismatch(lookup);
  if (problem) abort(`target unhealthy: Lookup of member ${member} → ${problem}`);
}

/** Creates this run's offer and issues `pool` user offers round-robin over the members. */
export async function issueOffers(
  client: SessionMClient,
  members: readonly Member[],
  pool: number,
  runId: string,
  width: number,
) {
  const created = await client.createOffer(
    fixedAmountOffer(1, {
      title: `Load test ${runId}`,
      description: 'Created by the k6 load test',
      validity: { unit: 'days', period: 7 },
    }),
  );
  if (!created.ok) abort(`creating the load-test offer failed: ${describeFailure(created)}`);
  const offerId = created.body.payload.offer_id;

  const userIds = await inBatches(members, width, async (m) => {
    if (m.user_id) return m.user_id;
    const found = await client.getUserOffers({ external_customer_id: m.external_customer_id });
    const id = found.ok ? found.body.payload[0]?.user_reference_id : undefined;
    if (!id) abort(`member ${m.external_customer_id} from MEMBERS_FILE: ${mismatch(found) ?? 'not found'}`);
    return id;
  });
  const slots = Array.from({ length: pool }, (_, i) => userIds[i % userIds.length] as string);
  const failures = (await inBatches(slots, width, (userId) => client.issueUserOffer(userId, offerId))).filter(
    (r) => !r.ok,
  );
  const first = failures[0];
  if (first && !first.ok) abort(`${failures.length} of ${pool} issues failed, the first: ${describeFailure(first)}`);
}

/** Unlocks every LOCKED offer in the members' wallets: what flows cut off at the end left behind. */
export async function unlockLeftovers(client: SessionMClient, members: readonly string[]): Promise<number> {
  const unlocked = await inBatches(members, 20, async (member) => {
    const wallet = await client.getUserOffers({ external_customer_id: member });
    if (!wallet.ok) return 0;
    const locked = wallet.body.payload.flatMap((u) => u.offers.filter((o) => o.status === 'LOCKED'));
    const results = await Promise.all(locked.map((o) => client.unlockUserOffer(o.reference_id)));
    return results.filter((r) => r.ok).length;
  });
  return unlocked.reduce((a, b) => a + b, 0);
}
