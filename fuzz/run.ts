// runFuzz: generate cases, send each, classify the answers; against the mock, check that its state never moved.
import { type NetworkKind, networkKind } from '../client/causes.ts';
import { MockAdminClient } from '../client/mock-admin.ts';
import { nodeTransport } from '../client/node-transport.ts';
import { describeFailure } from '../client/responses.ts';
import type { OperationInfo } from '../schemas/catalog.ts';
import { validate } from '../schemas/validate.ts';
import { brokenBy, caseGenerator, type FuzzCase, type Pins } from './cases.ts';
import { mutationKinds } from './mutate.ts';
import { type Answer, httpSender, type Sender } from './send.ts';

export const outcomes = ['rejected', 'accepted', 'server-error', 'network-error', 'bad-envelope'] as const;
export type Outcome = (typeof outcomes)[number];

export interface Finding {
  outcome: Exclude<Outcome, 'rejected'> | 'state-changed';
  case: FuzzCase;
  status: number;
  /** The start of the answer, or the network error, or the state before and after. */
  detail: string;
}

export type Tally = Record<Outcome | 'total', number>;

export interface FuzzOptions {
  baseUrl: string;
  apiKey: string;
  seed: number;
  cases: number;
  operations: OperationInfo[];
  pins?: Pins;
  concurrency?: number;
  /** Requests per second; none: as fast as `concurrency` allows. */
  rate?: number;
  /** Compare GET /__mock/state after every `stateEvery` cases and at the end (embedded mock only). */
  stateEvery?: number;
  /** Replay only these case indices. */
  only?: number[];
  timeoutMs?: number;
  /** Called with every answer: replays print them. */
  onAnswer?: (fuzzCase: FuzzCase, answer: Answer, outcome: Outcome) => void;
}

export interface FuzzRun {
  seed: number;
  sent: number;
  durationMs: number;
  total: Tally;
  byOperation: Record<string, Tally>;
  byKind: Record<string, Tally>;
  byStatus: Record<string, number>;
  findings: Finding[];
  stateChecks: number;
  /** Cases the generator got wrong (still well-formed): never sent. */
  unsent: FuzzCase[];
  /**
   * Cases that never reached the target (connection refused, DNS, TLS): no finding of the target's, but the
   * target gone, maybe brought down by a case before. The run stops after a batch of them.
   */
  undelivered: { cases: FuzzCase[]; kind: NetworkKind; error: string } | null;
}

/** Network failures that mean nothing reached the target: no verdict on the case. */
const notDelivered: NetworkKind[] = ['refused', 'dns', 'tls', 'unreachable'];

const emptyTally = (): Tally => ({
  total: 0,
  rejected: 0,
  accepted: 0,
  'server-error': 0,
  'network-error': 0,
  'bad-envelope': 0,
});

export function classify(answer: Answer): Outcome {
  if (answer.status === 0) return 'network-error';
  if (answer.status >= 500) return 'server-error';
  if (answer.status < 400) return 'accepted';
  try {
    return validate('error.response.json', JSON.parse(answer.body)).ok ? 'rejected' : 'bad-envelope';
  } catch {
    return 'bad-envelope';
  }
}

const snippet = (answer: Answer) =>
  answer.error ?? (answer.body.length > 500 ? `${answer.body.slice(0, 500)}...` : answer.body);

/** The mock's state as text, to compare snapshots. */
async function readState(admin: MockAdminClient): Promise<string> {
  const state = await admin.state();
  if (!state.ok) throw new Error(`GET /__mock/state: ${describeFailure(state)}`);
  return JSON.stringify(state.body.payload);
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzRun> {
  const started = performance.now();
  const generator = caseGenerator(options.operations, options.pins);
  const schemaOf = new Map(options.operations.map((op) => [op.operationId, op.requestSchema]));
  const concurrency = options.concurrency ?? 8;
  const sender = httpSender(options.baseUrl, options.apiKey, {
    connections: concurrency,
    ...(options.rate === undefined ? {} : { rate: options.rate }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const adminTransport = nodeTransport({
    connections: 1,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const admin = new MockAdminClient(options.baseUrl, adminTransport);
  const run: FuzzRun = {
    seed: options.seed,
    sent: 0,
    durationMs: 0,
    total: emptyTally(),
    byOperation: Object.fromEntries(options.operations.map((op) => [op.operationId, emptyTally()])),
    byKind: Object.fromEntries(mutationKinds.map((kind) => [kind, emptyTally()])),
    byStatus: {},
    findings: [],
    stateChecks: 0,
    unsent: [],
    undelivered: null,
  };
  let deliveredInBatch = 0;

  const record = (fuzzCase: FuzzCase, answer: Answer) => {
    const kind = answer.status === 0 ? networkKind(answer.error) : undefined;
    if (kind && notDelivered.includes(kind)) {
      run.undelivered ??= { cases: [], kind, error: answer.error ?? '' };
      run.undelivered.cases.push(fuzzCase);
      return;
    }
    deliveredInBatch++;
    const outcome = classify(answer);
    options.onAnswer?.(fuzzCase, answer, outcome);
    run.sent++;
    for (const tally of [run.total, run.byOperation[fuzzCase.operationId], run.byKind[fuzzCase.kind]]) {
      if (!tally) continue;
      tally.total++;
      tally[outcome]++;
    }
    const status = answer.status === 0 ? 'none' : String(answer.status);
    run.byStatus[status] = (run.byStatus[status] ?? 0) + 1;
    if (outcome !== 'rejected')
      run.findings.push({ outcome, case: fuzzCase, status: answer.status, detail: snippet(answer) });
  };

  const indices = options.only ?? Array.from({ length: options.cases }, (_, i) => i);
  // Generated a batch at a time: huge-string cases weigh up to 2 MB each.
  const window = options.stateEvery ?? 200;
  try {
    let baseline = options.stateEvery ? await readState(admin) : '';
    for (let start = 0; start < indices.length; start += window) {
      const batch: FuzzCase[] = [];
      for (const index of indices.slice(start, start + window)) {
        const fuzzCase = generator.generate(options.seed, index);
        if (brokenBy(fuzzCase, schemaOf.get(fuzzCase.operationId) as string)) batch.push(fuzzCase);
        else run.unsent.push(fuzzCase);
      }
      deliveredInBatch = 0;
      await inParallel(batch, concurrency, async (fuzzCase) => record(fuzzCase, await sender.send(fuzzCase)));
      // A whole batch that reached nothing: the target is gone, and sending the rest would tell nothing.
      if (run.undelivered && deliveredInBatch === 0) break;
      if (!options.stateEvery) continue;
      run.stateChecks++;
      if ((await readState(admin)) !== baseline) {
        run.findings.push(...(await culprits(sender, admin, batch)));
        baseline = await readState(admin);
      }
    }
  } finally {
    await Promise.all([sender.close(), adminTransport.close()]);
  }
  run.durationMs = Math.round(performance.now() - started);
  return run;
}

/** Which cases of a batch moved the mock's state: each one resent alone, between two snapshots. */
async function culprits(sender: Sender, admin: MockAdminClient, batch: FuzzCase[]): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const fuzzCase of batch) {
    const before = await readState(admin);
    const answer = await sender.send(fuzzCase);
    const after = await readState(admin);
    if (before !== after) {
      found.push({ outcome: 'state-changed', case: fuzzCase, status: answer.status, detail: `${before} → ${after}` });
    }
  }
  if (found.length === 0) {
    // Not reproducible one at a time (an interaction between concurrent cases): name the whole batch.
    const first = batch[0];
    if (first)
      found.push({
        outcome: 'state-changed',
        case: first,
        status: 0,
        detail: 'state moved during this batch, but no case alone moves it',
      });
  }
  return found;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
