// The Load section: the redemption flow (runLoad) at a modest rate against a live target, gated on the SLOs, and
// the integrity rules a live target allows, read through its public API before and after: every flow accounted
// for, one redemption per flow redeemed, every user offer issued there, nothing left locked after teardown.
import type { SessionMClient } from '../../client/client.ts';
import type { SessionMConfig } from '../../client/config.ts';
import { MockAdminClient } from '../../client/mock-admin.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { describeFailure } from '../../client/responses.ts';
import { accounting, offersLine } from '../../load/lib/accounting.ts';
import type { Member } from '../../load/lib/members.ts';
import type { Env } from '../../load/lib/profiles.ts';
import { runLoad } from '../../load/run.ts';
import { formatMs } from '../../load/summary-stats.ts';
import type { Created, IntegrityRule, LoadSection } from '../../reporting/acceptance/types.ts';
import { type RunFiles, stepRows } from '../../reporting/index.ts';

/** What the run's members hold, by the public API. */
interface Holdings {
  userOffers: number;
  redeemed: number;
  locked: number;
}

const redeemed = (status: string | undefined) => /redeem/i.test(status ?? '');

/** One member: its wallet's LOCKED offers and its history (every user offer, and the redeemed ones). */
async function holdingsOf(client: SessionMClient, member: Member): Promise<Holdings> {
  const wallet = await client.getUserOffers({ external_customer_id: member.external_customer_id });
  if (!wallet.ok) throw new Error(`Lookup of member ${member.external_customer_id}: ${describeFailure(wallet)}`);
  const user = wallet.body.payload[0];
  if (!user) throw new Error(`Lookup of member ${member.external_customer_id} found no member`);
  const locked = user.offers.filter((o) => o.status === 'LOCKED').length;
  let userOffers = 0;
  let redeemedOffers = 0;
  const take = 1000;
  for (let skip = 0; ; skip += take) {
    const page = await client.getUserOfferHistory([user.user_reference_id], { skip, take });
    if (!page.ok) throw new Error(`history of member ${member.external_customer_id}: ${describeFailure(page)}`);
    const results = page.body.payload.results;
    userOffers += results.length;
    redeemedOffers += results.filter((r) => redeemed(r.status_description)).length;
    if (results.length < take || skip + take >= page.body.payload.total_records) break;
  }
  return { userOffers, redeemed: redeemedOffers, locked };
}

async function holdings(client: SessionMClient, members: Member[]): Promise<Holdings | string> {
  try {
    const each: Holdings[] = [];
    // Ten members at a time: quick, and no burst the provider would see as load.
    for (let i = 0; i < members.length; i += 10) {
      each.push(...(await Promise.all(members.slice(i, i + 10).map((m) => holdingsOf(client, m)))));
    }
    return each.reduce(
      (sum, h) => ({
        userOffers: sum.userOffers + h.userOffers,
        redeemed: sum.redeemed + h.redeemed,
        locked: sum.locked + h.locked,
      }),
      { userOffers: 0, redeemed: 0, locked: 0 },
    );
  } catch (error) {
    return (error as Error).message;
  }
}

export interface LoadSectionInput {
  config: SessionMConfig;
  client: SessionMClient;
  /** The members to run with, or how many to make through a mock's admin API. */
  members: { list: Member[] } | { seed: number };
  rate: number;
  durationS: number;
  runId: string;
  /** SLO_*, WALLET_SIZE, LATENCY_MS, PRE_ALLOCATED_VUS, MAX_VUS, SETUP_CONCURRENCY as given. */
  env: Env;
  log: (line: string) => void;
}

/** `count` members with empty wallets, made through the mock's admin API. */
async function seedMembers(mockUrl: string, count: number, prefix: string): Promise<Member[]> {
  const transport = nodeTransport({ connections: 1, timeoutMs: 120_000 });
  try {
    const seeded = await new MockAdminClient(mockUrl, transport).seed({
      users: count,
      offers_per_user: 0,
      external_customer_id_prefix: prefix,
    });
    if (!seeded.ok) throw new Error(`seeding the mock failed: POST /__mock/seed: ${describeFailure(seeded)}`);
    return seeded.body.payload.users.map((u) => ({ external_customer_id: u.external_customer_id }));
  } finally {
    await transport.close();
  }
}

const passedOn = /^(SLO_\w+|WALLET_SIZE|LATENCY_MS|PRE_ALLOCATED_VUS|MAX_VUS|SETUP_CONCURRENCY)$/;

/** The section, what it made on the provider, and its files for the run folder (the members it ran with). */
export async function runLoadSection(
  input: LoadSectionInput,
): Promise<{ section: LoadSection; created: Created[]; files: RunFiles }> {
  const started = performance.now();
  const { config, client, runId } = input;
  const created: Created[] = [];
  let members: Member[];
  if ('seed' in input.members) {
    members = await seedMembers(config.posUrl, input.members.seed, `accept-${runId}-`);
    created.push({ section: 'load', what: "members (the mock's admin API)", count: members.length });
  } else members = input.members.list;

  const before = await holdings(client, members);
  const env: Env = {
    ...Object.fromEntries(Object.entries(input.env).filter(([k]) => passedOn.test(k))),
    RATE: String(input.rate),
    DURATION: `${input.durationS}s`,
    RUN_ID: runId,
    TARGET_KIND: 'live',
    SESSIONM_OFFERS_URL: config.offersUrl,
    SESSIONM_POS_URL: config.posUrl,
    SESSIONM_API_KEY: config.apiKey,
    SESSIONM_RETAILER_ID: config.retailerId,
    SESSIONM_STORE_ID: config.storeId,
    SESSIONM_CLIENT_ID: config.clientId,
  };
  // The plan was printed and confirmed already: runLoad's own guard says nothing new.
  const run = await runLoad({
    target: config.posUrl,
    profile: 'smoke',
    members,
    yes: true,
    env,
    log: input.log,
  });
  const after = await holdings(client, members);

  const integrity: IntegrityRule[] = [];
  const summary = run.summary;
  if (summary) {
    const a = accounting(summary);
    integrity.push({
      rule: 'every per-flow offer accounted for: issued = redeemed + failed + left over',
      ok: a.offers.leftOver >= 0,
      detail: offersLine(a),
    });
    const delta = (key: keyof Holdings) =>
      typeof before === 'string' || typeof after === 'string' ? undefined : after[key] - before[key];
    const unread = typeof before === 'string' ? before : typeof after === 'string' ? after : '';
    const made = delta('userOffers');
    integrity.push({
      rule: "the members' histories gained every user offer the run issued, and no other",
      ok: made === a.offers.background + a.offers.issued,
      detail:
        made === undefined
          ? `could not read them: ${unread}`
          : `${made} new user offers; the run issued ${a.offers.background} background + ${a.offers.issued} per-flow offers`,
    });
    const redemptions = delta('redeemed');
    integrity.push({
      rule: 'one redemption per flow that ended redeemed: none lost, none doubled',
      ok: redemptions === a.offers.redeemed,
      detail:
        redemptions === undefined
          ? `could not read them: ${unread}`
          : `${a.offers.redeemed} flows ended redeemed; the members' histories gained ${redemptions} redeemed user offers`,
    });
    integrity.push({
      rule: 'nothing left locked after teardown',
      ok: typeof after !== 'string' && after.locked === 0,
      detail:
        typeof after === 'string'
          ? `could not read the wallets: ${after}`
          : `${after.locked} user offers in the ${members.length} members' wallets are LOCKED`,
    });
    created.push(
      { section: 'load', what: `offer "Load test ${runId} 0:1"`, count: 1 },
      {
        section: 'load',
        what: `user offers (${a.offers.background} background, ${a.offers.issued} per flow: ${a.offers.redeemed} redeemed)`,
        count: a.offers.background + a.offers.issued,
      },
      { section: 'load', what: `transactions load-${runId}-N redeeming an offer`, count: a.offers.redeemed },
    );
  }
  const broken = integrity.filter((r) => !r.ok);
  const thresholdsHeld = run.exitCode === 0;
  const passed = summary !== undefined && thresholdsHeld && broken.length === 0;
  const p95 = summary
    ? stepRows(summary)
        .filter((s) => s.id !== 'flow')
        .map((s) => `${s.label} ${formatMs(s.values.p95)}`)
        .join(', ')
    : '';
  const flows = summary ? accounting(summary).flows : 0;
  const failures = [
    ...(thresholdsHeld ? [] : [run.message, ...(run.cause ? [run.cause] : [])]),
    ...broken.map((r) => `integrity: ${r.rule}: ${r.detail}`),
  ];
  return {
    section: {
      name: 'load',
      status: passed ? 'passed' : 'failed',
      headline: passed
        ? `${flows} flows at ${input.rate}/s for ${input.durationS}s: every SLO held (p95 ${p95}); integrity held`
        : (failures[0] ?? run.message),
      failures,
      notes: [],
      durationMs: performance.now() - started,
      ...(run.report
        ? {
            load: {
              ...run.report,
              settings: {
                ...run.report.settings,
                extra: { rate: `${input.rate} flows/s`, duration: `${input.durationS}s`, members: members.length },
              },
            },
          }
        : {}),
      integrity,
    },
    created,
    files: { 'load-members.json': `${JSON.stringify(members, null, 2)}\n` },
  };
}
