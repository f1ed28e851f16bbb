/// <reference path="../../load/lib/globals.d.ts" />
// The other way to issue each flow's offer, measured against load/scripts/redemption.ts (docs/performance.md
// "Issuing as the run goes"): a `feed` scenario at the same arrival rate, LEAD_S ahead of the flows. Feed
// iteration i issues to member i mod M; flow iteration i looks member i mod M up and takes the first per-flow
// offer (told from background ones by its title), as no state passes between the VUs of the two scenarios.
import exec from 'k6/execution';
import type { Scenario } from 'k6/options';
import { closingTransaction, sampleBasket } from '../../client/baskets.ts';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { checkResponse } from '../../load/lib/checks.ts';
import {
  checkHealthy,
  createRunOffer,
  mockState,
  prepareWallets,
  seedMockMembers,
  type TestData,
} from '../../load/lib/data.ts';
import { k6Transport } from '../../load/lib/k6-transport.ts';
import {
  flowDuration,
  flowRedeemed,
  lockConflicts,
  offerIssued,
  offerMissing,
  walletOffers,
} from '../../load/lib/metrics.ts';
import { backgroundPerMember, membersNeeded, walletSizeOf } from '../../load/lib/plan.ts';
import { optionsFromEnv, type Phase, peakRate, settingsFromEnv, slosFromEnv } from '../../load/lib/profiles.ts';
import { type SummaryData, summaryOutputs } from '../../load/lib/summary.ts';

const leadS = Number(__ENV.LEAD_S ?? 1);
const base = optionsFromEnv(__ENV);
const flows = base.scenarios?.redemption as Scenario;
export const options = {
  ...base,
  scenarios: { feed: { ...flows, exec: 'feed' }, redemption: { ...flows, startTime: `${leadS}s` } },
};

const config = configFromEnv(__ENV);
const clientFor = (phase: Phase) => new SessionMClient(config, k6Transport(phase));
const flowClient = clientFor('flow');
const issueClient = clientFor('issue');
const flowTitle = (runId: string) => `Load test ${runId} flows`;

interface FeedData extends TestData {
  flowOfferId: string;
}

export async function setup(): Promise<FeedData> {
  const client = clientFor('setup');
  const runId = __ENV.RUN_ID || Date.now().toString(36);
  const rate = peakRate(settingsFromEnv(__ENV));
  // The lead puts rate × lead more offers in the wallets: more members keep them at WALLET_SIZE.
  const needed = membersNeeded(rate, slosFromEnv(__ENV).flowP99Ms + leadS * 1000);
  const mockLocks = (await mockState(config.posUrl, 'setup')).locks;
  const members = await seedMockMembers(config.posUrl, needed, `feed-${runId}-`);
  await checkHealthy(client, members[0]?.external_customer_id as string);
  const offerId = await createRunOffer(client, runId, 'background');
  const flowOfferId = await createRunOffer(client, runId, 'flows');
  const wallets = await prepareWallets(client, members, offerId, backgroundPerMember(walletSizeOf(__ENV)), 20);
  return {
    kind: 'mock',
    runId,
    instance: '0:1',
    offerId,
    flowOfferId,
    externalIds: members.map((m) => m.external_customer_id),
    userIds: wallets.userIds,
    mockLocks,
  };
}

export async function feed(data: FeedData): Promise<void> {
  const at = exec.scenario.iterationInInstance % data.userIds.length;
  const issued = await issueClient.issueUserOffer(data.userIds[at] as string, data.flowOfferId);
  offerIssued.add(checkResponse('issue', issued, 'issue'));
}

export default async function (data: FeedData): Promise<void> {
  const at = exec.scenario.iterationInInstance % data.userIds.length;
  const member = data.externalIds[at] as string;
  const started = Date.now();
  const outcome = await steps(member, flowTitle(data.runId), `feed-${data.runId}-${exec.scenario.iterationInTest}`);
  flowDuration.add(Date.now() - started, { outcome });
  flowRedeemed.add(outcome === 'redeemed');
}

async function steps(member: string, title: string, transactionId: string): Promise<string> {
  const lookup = await flowClient.getUserOffers({ external_customer_id: member });
  if (!checkResponse('lookup', lookup) || !lookup.ok) return 'lookup_failed';
  const wallet = lookup.body.payload.flatMap((u) => u.offers.filter((o) => o.status === 'INFO'));
  walletOffers.add(wallet.length);
  const offer = wallet.find((o) => o.display_name === title);
  if (!offer) {
    offerMissing.add(1);
    return 'no_eligible_offer';
  }
  const basket = sampleBasket(transactionId);
  const lock = await flowClient.lockUserOffer(offer.reference_id, basket);
  if (!checkResponse('lock', lock) || !lock.ok) {
    if (!lock.ok && lock.error?.errors.code === 'LOCK_CONFLICT') lockConflicts.add(1);
    return 'lock_failed';
  }
  const redeem = await flowClient.sendTransaction(closingTransaction(basket, [lock.body.payload]), { retries: 1 });
  return checkResponse('redeem', redeem) ? 'redeemed' : 'redeem_failed';
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryOutputs(data, __ENV.OUT_DIR);
}
