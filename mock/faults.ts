// Fault plans: a faults document (schemas/mock-faults.request.json) checked and compiled into per-rule draws that
import { readFileSync } from 'node:fs';
// decide, request by request, what goes wrong. Pure and seeded; mock/inject.ts applies a draw to the connection.
import { loadOperations } from '../schemas/catalog.ts';
import type { FaultLatency, FaultRule, MockFaultsRequest } from '../schemas/generated/types.ts';
import { formatErrors, validatorFor, violationText } from '../schemas/validate.ts';
import { invalid, MockError } from './errors.ts';

export type FaultAction =
  | { kind: 'none' }
  | { kind: 'reset' | 'hang' | 'drop'; rule: number }
  | { kind: 'error'; rule: number; status: 429 | 500 | 503; retryAfterS?: number };

export interface FaultDraw {
  action: FaultAction;
  /** Added before the request is applied: the sum over every matching rule. */
  delayMs: number;
}

type Stall = { everyMs: number; forMs: number };

interface CompiledRule {
  index: number;
  route: string;
  latency: (() => number) | null;
  /** The faults with a rate, stacked on one draw in [0, 1): each takes the slice up to `upTo`. */
  shares: { action: FaultAction; upTo: number; limit: number; hits: number }[];
  stall: Stall | null;
  random: () => number;
}

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The z-score of the 99th percentile of the standard normal distribution. */
const Z99 = 2.326_347_874;

function sampler(latency: FaultLatency, random: () => number): () => number {
  const cap = latency.max_ms ?? 60_000;
  const capped = (draw: () => number) => () => Math.min(cap, draw());
  if (latency.fixed_ms !== undefined) return capped(() => latency.fixed_ms as number);
  if (latency.uniform_ms) {
    const [min, max] = latency.uniform_ms;
    return capped(() => min + (max - min) * random());
  }
  if (latency.lognormal) {
    const { p50_ms, p99_ms } = latency.lognormal;
    const mu = Math.log(p50_ms);
    const sigma = Math.log(p99_ms / p50_ms) / Z99;
    // Box-Muller; 1 - random() is in (0, 1], so the log is finite.
    return capped(() =>
      Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())),
    );
  }
  const { p50_ms, p99_ms } = latency.pareto as NonNullable<FaultLatency['pareto']>;
  // Quantile x_m·(1-p)^(-1/α): p99/p50 = 50^(1/α) fixes α, then p50 fixes x_m.
  const alpha = Math.log(50) / Math.log(p99_ms / p50_ms);
  const xm = p50_ms / 2 ** (1 / alpha);
  return capped(() => xm * (1 - random()) ** (-1 / alpha));
}

/** Every name a rule's route may use: operationIds and paths (aliases included). */
function routeNames(): Set<string> {
  const names = new Set<string>(['*']);
  for (const op of loadOperations()) for (const name of [op.operationId, op.path, ...op.aliases]) names.add(name);
  return names;
}

function check(doc: MockFaultsRequest, names: Set<string>): void {
  doc.rules.forEach((rule, i) => {
    const at = `/rules/${i}`;
    if (!names.has(rule.route)) {
      throw invalid(`${at}/route`, `names no route; use *, an operationId or a path such as /api/2.0/Lock`);
    }
    const latency = rule.latency;
    if (latency) {
      const given = (['fixed_ms', 'uniform_ms', 'lognormal', 'pareto'] as const).filter(
        (k) => latency[k] !== undefined,
      );
      if (given.length !== 1) {
        throw invalid(
          `${at}/latency`,
          `give exactly one of fixed_ms, uniform_ms, lognormal, pareto (got ${given.length})`,
        );
      }
      const [min, max] = latency.uniform_ms ?? [0, 0];
      if (min > max) throw invalid(`${at}/latency/uniform_ms`, 'the first bound is above the second');
      for (const kind of ['lognormal', 'pareto'] as const) {
        const q = latency[kind];
        if (q && !(q.p50_ms > 0 && q.p99_ms > q.p50_ms)) {
          throw invalid(`${at}/latency/${kind}`, 'needs p99_ms > p50_ms > 0');
        }
      }
    }
    const total =
      (rule.error?.rate ?? 0) + (rule.reset?.rate ?? 0) + (rule.hang?.rate ?? 0) + (rule.drop_after_apply?.rate ?? 0);
    if (total > 1) throw invalid(at, `the rates of error, reset, hang and drop_after_apply add up to ${total}, over 1`);
    if (rule.stall && rule.stall.for_ms >= rule.stall.every_ms) {
      throw invalid(`${at}/stall/for_ms`, 'must be below every_ms');
    }
  });
}

function compileRule(rule: FaultRule, index: number, seed: number): CompiledRule {
  // One stream per rule (seeded by seed and position), so adding a rule does not change the draws of the others.
  const random = prng((seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0);
  const shares: CompiledRule['shares'] = [];
  let upTo = 0;
  const add = (action: FaultAction, share: { rate: number; limit?: number } | undefined) => {
    if (!share || share.rate === 0) return;
    upTo += share.rate;
    shares.push({ action, upTo, limit: share.limit ?? Number.POSITIVE_INFINITY, hits: 0 });
  };
  add({ kind: 'reset', rule: index }, rule.reset);
  add({ kind: 'hang', rule: index }, rule.hang);
  const error = rule.error;
  if (error) {
    const retry = error.retry_after_s === undefined ? {} : { retryAfterS: error.retry_after_s };
    add({ kind: 'error', rule: index, status: error.status, ...retry }, error);
  }
  add({ kind: 'drop', rule: index }, rule.drop_after_apply);
  const stall = rule.stall ? { everyMs: rule.stall.every_ms, forMs: rule.stall.for_ms } : null;
  return {
    index,
    route: rule.route,
    latency: rule.latency ? sampler(rule.latency, random) : null,
    shares,
    stall,
    random,
  };
}

/** A checked, compiled faults document. Throws MockError VALIDATION naming the field; builds nothing on failure. */
export class FaultPlan {
  private readonly rules: CompiledRule[];

  constructor(readonly doc: MockFaultsRequest) {
    this.rules = doc.rules.map((rule, i) => compileRule(rule, i, doc.seed ?? 1));
  }

  static parse(doc: unknown): FaultPlan {
    const validator = validatorFor('mock-faults.request.json');
    if (!validator(doc)) {
      const violations = formatErrors(validator.errors);
      throw new MockError('VALIDATION', `faults break the schema: ${violationText(violations)}`, violations);
    }
    check(doc as MockFaultsRequest, routeNames());
    return new FaultPlan(structuredClone(doc as MockFaultsRequest));
  }

  /** What happens to one request; null when no rule names its route. */
  draw(operationId: string, path: string): FaultDraw | null {
    let draw: FaultDraw | null = null;
    for (const rule of this.rules) {
      if (rule.route !== '*' && rule.route !== operationId && rule.route !== path) continue;
      draw ??= { action: { kind: 'none' }, delayMs: 0 };
      // Every matching rule draws the same numbers whatever the outcome, so its stream stays in step.
      const u = rule.random();
      if (rule.latency) draw.delayMs += rule.latency();
      if (draw.action.kind !== 'none') continue;
      const share = rule.shares.find((s) => u < s.upTo);
      if (share && share.hits < share.limit) {
        share.hits++;
        draw.action = share.action;
      }
    }
    return draw;
  }

  /** How long an answer ready `sinceMs` after the plan was set waits for the stalls of its route to end. */
  stallMs(operationId: string, path: string, sinceMs: number): number {
    let wait = 0;
    for (const rule of this.rules) {
      if (!rule.stall || (rule.route !== '*' && rule.route !== operationId && rule.route !== path)) continue;
      const phase = sinceMs % rule.stall.everyMs;
      if (phase < rule.stall.forMs) wait = Math.max(wait, rule.stall.forMs - phase);
    }
    return wait;
  }
}

/** A faults file, checked before anything listens; the error names the file and the field. */
export function readFaultsFile(file: string): MockFaultsRequest {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--faults ${file}: ${(error as Error).message}`);
  }
  try {
    return FaultPlan.parse(doc).doc;
  } catch (error) {
    throw new Error(`--faults ${file}: ${(error as Error).message}`);
  }
}
