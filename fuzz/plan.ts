// Command-line arguments of `npm run fuzz` → what to send where. No I/O here, so every rule is unit-tested.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { shownUrl } from '../client/reach.ts';
import { loadOperations, type OperationInfo } from '../schemas/catalog.ts';

/** Operations that change nothing at the provider: the only ones sent to a live target without --include-writes. */
export const readOnlyOperations = ['fetchOffer', 'getUserOffers', 'getUserOfferHistory'];

export const usage = `usage: npm run fuzz -- [--target URL --yes] [--seed N] [--cases N] [--case N]... [--rate N]
                       [--concurrency N] [--operations a,b] [--include-writes] [--out DIR] [--connect-timeout SECONDS]
  --target          base URL of both APIs; default: the embedded mock, started and stopped here
  --connect-timeout seconds the target has to answer a first request before any case is sent (default 5);
                    each case then waits up to 10 s for its answer
  --yes             confirm a run against a non-loopback target
  --seed            replay a run (printed at the start of every run); default: random
  --cases           how many cases (default 10000 against the mock, 1000 against a target)
  --case            send only case N of the seed (repeatable): replays one finding
  --rate            requests per second (default 20 against a target, unlimited against the mock)
  --concurrency     requests in flight (default 8)
  --operations      comma-separated operationIds (default: all against the mock, read-only against a target)
  --include-writes  against a target, also send the operations that change state
  --out             report folder (default reports/<timestamp>-fuzz)
exit codes: 0 every case rejected properly, 1 findings (or the target went away mid-run), 2 refused, bad arguments
  or the target unreachable (nothing sent)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FuzzPlan {
  /** Undefined: the embedded mock. */
  target?: string;
  yes: boolean;
  seed: number;
  cases: number;
  only?: number[];
  rate?: number;
  concurrency: number;
  operations: OperationInfo[];
  outDir?: string;
  /** The arguments a replay needs besides --seed and --case to send the same cases to the same target. */
  replayArgs: string[];
  connectTimeout?: string;
}

function count(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

export function planFromArgs(args: string[], all: OperationInfo[] = loadOperations()): FuzzPlan {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const target = values.target;
  const live = target !== undefined;
  const names = values.operations?.split(',').map((s) => s.trim()) ?? all.map((op) => op.operationId);
  const unknown = names.filter((name) => !all.some((op) => op.operationId === name));
  if (unknown.length > 0) throw new UsageError(`unknown operation ${unknown.join(', ')}`);
  const writes = names.filter((name) => !readOnlyOperations.includes(name));
  // Against a target, writes are left out by default, and naming one without --include-writes is an error.
  const allowed = live && !values['include-writes'] ? names.filter((name) => readOnlyOperations.includes(name)) : names;
  if (live && values.operations !== undefined && writes.length > 0 && !values['include-writes']) {
    throw new UsageError(`${writes.join(', ')} change state at the target: add --include-writes to send them`);
  }
  const seed = count('seed', values.seed, 0) ?? randomInt(2 ** 31);
  const only = values.case?.map((text) => count('case', text, 0) as number);
  const plan: FuzzPlan = {
    yes: values.yes ?? false,
    seed,
    cases: count('cases', values.cases, 1) ?? (live ? 1000 : 10_000),
    concurrency: count('concurrency', values.concurrency, 1) ?? 8,
    operations: all.filter((op) => allowed.includes(op.operationId)),
    replayArgs: replayArgs(values),
  };
  if (values['connect-timeout'] !== undefined) plan.connectTimeout = values['connect-timeout'];
  const rate = count('rate', values.rate, 1) ?? (live ? 20 : undefined);
  if (rate !== undefined) plan.rate = rate;
  if (target !== undefined) plan.target = target.replace(/\/+$/, '');
  if (only) plan.only = only;
  if (values.out !== undefined) plan.outDir = values.out;
  return plan;
}

/** Which cases a seed gives depends on the operations, and where they go on the target: a replay keeps both. */
function replayArgs(values: ReturnType<typeof parse>): string[] {
  const args: string[] = [];
  // --yes changes nothing for a loopback target and confirms the same plan for another.
  if (values.target !== undefined) args.push('--target', shownUrl(values.target.replace(/\/+$/, '')), '--yes');
  if (values.operations !== undefined) args.push('--operations', values.operations.replace(/\s+/g, ''));
  if (values['include-writes']) args.push('--include-writes');
  return args;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      target: { type: 'string' },
      yes: { type: 'boolean' },
      seed: { type: 'string' },
      cases: { type: 'string' },
      case: { type: 'string', multiple: true },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      operations: { type: 'string' },
      'include-writes': { type: 'boolean' },
      out: { type: 'string' },
      'connect-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

export const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');
