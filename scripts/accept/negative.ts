// The Negative-input section: the fuzzer's malformed requests to the read-only operations at a low rate, each answer
// ranked (fuzz/rank.ts). Defects fail the section; lenient findings are counted and listed, never failing. The
// fixtures' member is read before and after (and a mock's whole state as it goes): a read-only request changes nothing.
import type { SessionMClient } from '../../client/client.ts';
import type { SessionMConfig } from '../../client/config.ts';
import { describeFailure } from '../../client/responses.ts';
import { fixtureVariables } from '../../contracts/provider/fixtures.ts';
import type { Member } from '../../contracts/provider/world.ts';
import type { Pins } from '../../fuzz/cases.ts';
import { readOnlyOperations } from '../../fuzz/plan.ts';
import { type RankedFinding, rankAnswer, rankStateChange } from '../../fuzz/rank.ts';
import { undeliveredLine } from '../../fuzz/report.ts';
import { runFuzz } from '../../fuzz/run.ts';
import type { NegativeFinding, NegativeSection } from '../../reporting/acceptance/types.ts';
import { loadOperations, type OperationInfo } from '../../schemas/catalog.ts';

export interface NegativeInput {
  config: SessionMConfig;
  client: SessionMClient;
  member: Member;
  cases: number;
  seed: number;
  rate: number;
  strict: boolean;
  /** The provider is the embedded mock: its whole state is compared too (GET /__mock/state). */
  mock: boolean;
}

/** Where each read-only operation goes: one fuzz run per distinct base URL. */
function negativeGroups(config: SessionMConfig, cases: number): { url: string; ops: OperationInfo[]; cases: number }[] {
  const ops = loadOperations().filter((op) => readOnlyOperations.includes(op.operationId));
  const urlOf = (op: OperationInfo) => (op.api === 'pos' ? config.posUrl : config.offersUrl);
  const urls = [...new Set(ops.map(urlOf))];
  let left = cases;
  return urls.map((url, i) => {
    const mine = ops.filter((op) => urlOf(op) === url);
    const share = i === urls.length - 1 ? left : Math.round((cases * mine.length) / ops.length);
    left -= share;
    return { url, ops: mine, cases: share };
  });
}

/** What the member holds, as a string to compare: its wallet and its history's first page. */
async function memberState(client: SessionMClient, member: Member): Promise<string> {
  const wallet = await client.getUserOffers({ external_customer_id: member.externalCustomerId });
  const history = await client.getUserOfferHistory([member.userId], { skip: 0, take: 1000 });
  if (!wallet.ok) return `Lookup failed: ${describeFailure(wallet)}`;
  if (!history.ok) return `history failed: ${describeFailure(history)}`;
  const user = wallet.body.payload[0];
  return JSON.stringify({
    points: user?.points,
    wallet: (user?.offers ?? []).map((o) => `${o.reference_id} ${o.status}`).sort(),
    history: history.body.payload.total_records,
    entries: history.body.payload.results.map((r) => `${r.user_offer_id} ${r.status_description}`).sort(),
  });
}

/** The command that sends one case again: the same pins, operations, seed and index (npm run fuzz). */
function replayCommand(
  config: SessionMConfig,
  member: Member,
  url: string,
  ops: OperationInfo[],
  seed: number,
  index: number,
) {
  const env = [
    `SESSIONM_RETAILER_ID=${config.retailerId}`,
    `SESSIONM_STORE_ID=${config.storeId}`,
    `SESSIONM_CLIENT_ID=${config.clientId}`,
    `${fixtureVariables['member.external_customer_id']}=${member.externalCustomerId}`,
    `${fixtureVariables['member.user_id']}=${member.userId}`,
  ];
  const operations = ops.map((op) => op.operationId).join(',');
  return `${env.join(' ')} npm run fuzz -- --target ${url} --yes --operations ${operations} --seed ${seed} --case ${index}`;
}

const memberPins = (config: SessionMConfig, member: Member): Pins => ({
  retailer_id: config.retailerId,
  store_id: config.storeId,
  client_id: config.clientId,
  external_customer_id: member.externalCustomerId,
  user_id: member.userId,
});

export async function runNegative(input: NegativeInput): Promise<NegativeSection> {
  const started = performance.now();
  const { config, client, member, seed } = input;
  const findings: NegativeFinding[] = [];
  const failures: string[] = [];
  const notes: string[] = [];
  let sent = 0;
  let refused = 0;
  const before = await memberState(client, member);
  for (const group of negativeGroups(config, input.cases)) {
    if (group.cases === 0) continue;
    const byId = new Map(group.ops.map((op) => [op.operationId, op]));
    const ranked: RankedFinding[] = [];
    const run = await runFuzz({
      baseUrl: group.url,
      apiKey: config.apiKey,
      seed,
      cases: group.cases,
      operations: group.ops,
      pins: memberPins(config, member),
      rate: input.rate,
      concurrency: 4,
      ...(input.mock ? { stateEvery: 100 } : {}),
      onAnswer: (fuzzCase, answer, outcome) => {
        const op = byId.get(fuzzCase.operationId);
        const found = op ? rankAnswer(op, fuzzCase, answer, outcome) : undefined;
        if (found) ranked.push(found);
      },
    });
    ranked.push(...run.findings.filter((f) => f.outcome === 'state-changed').map(rankStateChange));
    // Connections refused mid-run are no case's finding (fuzz/run.ts), but the provider went away under them.
    const gone = undeliveredLine(run);
    if (gone) failures.push(`the provider stopped answering at ${group.url}: ${gone}`);
    sent += run.sent;
    refused += run.total.rejected;
    if (run.unsent.length)
      notes.push(`${run.unsent.length} generated cases were well-formed (a generator bug) and not sent`);
    for (const f of ranked) {
      findings.push({
        rank: f.rank,
        operationId: f.case.operationId,
        method: f.case.method,
        path: f.case.path,
        description: f.case.description,
        status: f.status,
        why: f.why,
        detail: f.detail,
        replay: replayCommand(config, member, group.url, group.ops, seed, f.case.index),
      });
    }
  }
  const after = await memberState(client, member);
  if (after !== before) {
    failures.push(
      `the fixtures' member ${member.externalCustomerId} changed while only read-only requests were sent: before ${before}, after ${after}`,
    );
  }
  const count = (rank: NegativeFinding['rank']) => findings.filter((f) => f.rank === rank).length;
  const counts = {
    sent,
    refused,
    defect: count('defect') + (after === before ? 0 : 1),
    differs: count('differs'),
    lenient: count('lenient'),
  };
  for (const f of findings) {
    const line = `case ${f.operationId} ${f.method} ${f.path} with ${f.description}: ${f.why} [replay: ${f.replay}]`;
    if (f.rank === 'defect' || (f.rank === 'differs' && input.strict)) failures.push(line);
  }
  if (counts.lenient) {
    notes.push(
      `${counts.lenient} lenient: the provider accepted malformed input our schemas reject; the document never says it must refuse it (information, never a failure)`,
    );
  }
  if (counts.differs && !input.strict) {
    notes.push(`${counts.differs} refused with an error body other than we assume (--strict fails them)`);
  }
  const headline = `${sent} malformed requests: ${counts.defect} defects, ${counts.differs} refused otherwise than we assume${input.strict && counts.differs ? ' (--strict: failing)' : ''}, ${counts.lenient} lenient, ${refused} refused as expected`;
  return {
    name: 'negative',
    status: failures.length ? 'failed' : 'passed',
    headline,
    failures,
    notes,
    durationMs: performance.now() - started,
    seed,
    counts,
    findings,
  };
}
