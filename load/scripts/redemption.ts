// k6 load test of the redemption hot path: Lookup → find this flow's offer → Lock → send_transaction.
// Bundle with `npm run bundle`, run with `npm run load` (k6 when installed, else the embedded engine).
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import {
  abort,
  checkHealthy,
  createRunOffer,
  mockState,
  prepareWallets,
  seedMockMembers,
  setupConcurrencyOf,
  type TestData,
  targetKind,
  unlockLeftovers,
} from '../lib/data.ts';
import { redemptionFlow } from '../lib/flow.ts';
import { k6Transport } from '../lib/k6-transport.ts';
import { type Member, parseMembers } from '../lib/members.ts';
import type { Phase } from '../lib/names.ts';
import { backgroundPerMember, instanceOf, memberRange, membersNeeded, shareOf, walletSizeOf } from '../lib/plan.ts';
import { optionsFromEnv, peakRate, settingsFromEnv, slosFromEnv } from '../lib/profiles.ts';
import { summaryOutputs } from '../lib/summary.ts';
import type { K6Summary } from '../results.ts';

export const options = optionsFromEnv(__ENV);

const kind = targetKind(__ENV);
const walletSize = walletSizeOf(__ENV);
const config = configFromEnv(__ENV);
const clientFor = (phase: Phase) => new SessionMClient(config, k6Transport(phase));
const clients = { flow: clientFor('flow'), issue: clientFor('issue') };

// A live target's members: read once per instance, shared by its VUs.
const liveMembers: readonly Member[] =
  kind === 'live'
    ? new SharedArray('members', () => {
        const file = __ENV.MEMBERS_FILE;
        if (!file) throw new Error('TARGET_KIND=live needs MEMBERS_FILE, a JSON array of members (see load/README.md)');
        return parseMembers(open(file), file);
      })
    : [];

/** O(members), whatever the duration: this instance's members, the run's offer, and the wallets' background offers. */
export async function setup(): Promise<TestData> {
  const started = Date.now();
  const client = clientFor('setup');
  const runId = __ENV.RUN_ID || Date.now().toString(36);
  // Each instance of a distributed run (k6-operator) has its own execution segment, so its own members.
  const instance = instanceOf(exec.test.options.executionSegment);
  const rate = peakRate(settingsFromEnv(__ENV)) * shareOf(instance);
  const flowP99Ms = slosFromEnv(__ENV).flowP99Ms;
  const needed = membersNeeded(rate, flowP99Ms);

  let members: Member[];
  let mockLocks: number | null = null;
  if (kind === 'mock') {
    mockLocks = (await mockState(config.posUrl, 'setup')).locks;
    const tag = instance.segment.replace(/\D+/g, '_');
    members = await seedMockMembers(config.posUrl, needed, `load-${runId}-${tag}-`);
  } else {
    const { start, end } = memberRange(instance, liveMembers.length);
    members = liveMembers.slice(start, end);
    if (members.length < needed) {
      const owned = instance.segment === '0:1' ? '' : ` (instance ${instance.segment} owns ${members.length})`;
      abort(
        `MEMBERS_FILE has ${liveMembers.length} member${liveMembers.length === 1 ? '' : 's'}${owned}; ${+rate.toFixed(2)} flows/s with flows up to ${flowP99Ms} ms (SLO_FLOW_P99_MS) need ${needed}, so that no member has two flows in flight (load/README.md "Test data")`,
      );
    }
  }
  const first = members[0];
  if (!first) abort('no members to run with');
  await checkHealthy(client, first.external_customer_id);
  const offerId = await createRunOffer(client, runId, instance.segment);
  const width = setupConcurrencyOf(__ENV);
  const wallets = await prepareWallets(client, members, offerId, backgroundPerMember(walletSize), width);
  const fuller =
    wallets.fuller > 0
      ? `; ${wallets.fuller} wallets already held more than ${backgroundPerMember(walletSize)} INFO offers (up to ${wallets.largest})`
      : '';
  console.log(
    `set-up ${instance.segment}: ${members.length} members, ${wallets.issued} background offers issued (WALLET_SIZE ${walletSize}) in ${((Date.now() - started) / 1000).toFixed(2)} s${fuller}`,
  );
  return {
    kind,
    runId,
    instance: instance.segment,
    offerId,
    externalIds: members.map((m) => m.external_customer_id),
    userIds: wallets.userIds,
    mockLocks,
  };
}

export default async function (data: TestData): Promise<void> {
  // Iterations of this instance take its members in turn; iterationInTest is unique across instances.
  const at = exec.scenario.iterationInInstance % data.userIds.length;
  await redemptionFlow(clients, {
    member: data.externalIds[at] as string,
    userId: data.userIds[at] as string,
    offerId: data.offerId,
    transactionId: `load-${data.runId}-${exec.scenario.iterationInTest}`,
  });
}

/** Unlocks what flows cut off at the end left locked, on this instance's members only. */
export async function teardown(data: TestData): Promise<void> {
  // A mock that holds no more locks than before the run has nothing of this run's to release.
  if (data.kind === 'mock' && (await mockState(config.posUrl, 'teardown')).locks <= (data.mockLocks ?? 0)) return;
  const unlocked = await unlockLeftovers(clientFor('teardown'), data.externalIds, setupConcurrencyOf(__ENV));
  if (unlocked > 0)
    console.warn(`teardown: unlocked ${unlocked} user offers that flows cut off at the end left locked`);
}

export function handleSummary(data: K6Summary): Record<string, string> {
  return summaryOutputs(data, __ENV.OUT_DIR);
}
