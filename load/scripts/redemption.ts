// k6 load test of the redemption hot path: Lookup → pick an eligible offer → Lock → send_transaction.
// Bundle with `npm run bundle`, run with `npm run load` (k6 when installed, else the embedded engine).
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import {
  abort,
  checkHealthy,
  instancesOf,
  issueOffers,
  type Member,
  mockState,
  parseMembers,
  seedMock,
  setupConcurrencyOf,
  type TestData,
  targetKind,
  unlockLeftovers,
} from '../lib/data.ts';
import { redemptionFlow } from '../lib/flow.ts';
import { k6Transport } from '../lib/k6-transport.ts';
import { dataPoolSize, optionsFromEnv, settingsFromEnv } from '../lib/profiles.ts';
import { type SummaryData, summaryOutputs } from '../lib/summary.ts';

export const options = optionsFromEnv(__ENV);

const kind = targetKind(__ENV);
const client = new SessionMClient(configFromEnv(__ENV), k6Transport());

// A live target's members: read once, shared by all VUs.
const liveMembers: readonly Member[] =
  kind === 'live'
    ? new SharedArray('members', () => {
        const file = __ENV.MEMBERS_FILE;
        if (!file) throw new Error('TARGET_KIND=live needs MEMBERS_FILE, a JSON array of members (see load/README.md)');
        return parseMembers(open(file), file);
      })
    : [];

export async function setup(): Promise<TestData> {
  const runId = __ENV.RUN_ID || Date.now().toString(36);
  const pool = dataPoolSize(settingsFromEnv(__ENV));
  if (kind === 'mock') {
    const members = await seedMock(client.config.posUrl, pool, runId);
    await checkHealthy(client, members[0] as string);
    return { kind, runId, members };
  }
  const first = liveMembers[0];
  if (!first) abort('MEMBERS_FILE holds no members');
  await checkHealthy(client, first.external_customer_id);
  // setup() runs once per instance of a distributed run; each adds its share, so together they issue the pool.
  const share = Math.ceil(pool / instancesOf(__ENV));
  await issueOffers(client, liveMembers, share, runId, setupConcurrencyOf(__ENV));
  return { kind, runId, members: [] };
}

const memberCount = (data: TestData) => (data.kind === 'mock' ? data.members.length : liveMembers.length);
const memberAt = (data: TestData, i: number) =>
  (data.kind === 'mock' ? data.members[i] : liveMembers[i]?.external_customer_id) as string;

export default async function (data: TestData): Promise<void> {
  // Unique across instances of a distributed run, so no two iterations share an offer.
  const i = exec.scenario.iterationInTest;
  await redemptionFlow(client, memberAt(data, i % memberCount(data)), `load-${data.runId}-${i}`);
}

export async function teardown(data: TestData): Promise<void> {
  if (data.kind === 'mock' && (await mockState(client.config.posUrl)).locks === 0) return;
  const members = Array.from({ length: memberCount(data) }, (_, i) => memberAt(data, i));
  const unlocked = await unlockLeftovers(client, members);
  if (unlocked > 0)
    console.warn(`teardown: unlocked ${unlocked} user offers that flows cut off at the end left locked`);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryOutputs(data, __ENV.OUT_DIR);
}
