// One interaction's result, classified by provenance (contracts/expectations.ts): what the verifier said, what the
// conformance proxy saw the provider answer, and how its states were set up become documented failures,
// differences from our assumptions, or "not run".
import {
  contentType,
  type ErrorAnswer,
  type Expectation,
  errorEnvelope,
  errorPartAt,
  expectationFor,
  isPending,
  type Part,
  responses,
  type SuccessAnswer,
} from '../expectations.ts';
import type { Api } from '../names.ts';
import type { Exchange } from './conformance.ts';
import {
  bodyPath,
  type Difference,
  type InteractionResult,
  type Mismatch,
  plainMismatch,
  type VerifierResult,
} from './results.ts';
import type { StateOutcome } from './state-guard.ts';

/** What the pact file says about an interaction: the verifier's result does not carry it. */
export interface InteractionInfo {
  consumer: string;
  states: string[];
  /** The pact's expected answer, for pacts contracts/expectations.ts does not know (from another version). */
  expected: { status: number; code?: string };
}

export interface ClassifyInput {
  api: Api;
  provider: string;
  verifier: VerifierResult;
  info?: InteractionInfo;
  state?: StateOutcome;
  exchange?: Exchange;
}

/** Differences grouped by the assumption they are about; the first line under each is its headline. */
class Differences {
  private readonly byAssumption = new Map<string, { head?: string; details: string[] }>();

  add(assumption: string, detail: string, head = false) {
    const entry = this.byAssumption.get(assumption) ?? { details: [] };
    if (head) entry.head = detail;
    else if (!entry.details.includes(detail)) entry.details.push(detail);
    this.byAssumption.set(assumption, entry);
  }

  list(): Difference[] {
    return [...this.byAssumption].map(([assumption, { head, details }]) => {
      const [first = '', ...rest] = head ? [head, ...details] : details;
      return { assumption, message: `differs from our assumption: ${assumption}: ${first}`, details: rest };
    });
  }
}

const codeOf = (body: unknown): string | undefined => {
  const code = (body as { errors?: { code?: unknown } } | null)?.errors?.code;
  return typeof code === 'string' ? code : undefined;
};

const describeAnswer = (status: number, body: unknown) => {
  const code = codeOf(body);
  const okStatus = (body as { status?: unknown } | null)?.status;
  if (code) return `${status} ${code}`;
  return typeof okStatus === 'string' ? `${status} ${okStatus}` : String(status);
};

type Expected = SuccessAnswer | ErrorAnswer;

function expectedFrom(expectation: Expectation | undefined, info: InteractionInfo | undefined): Expected | undefined {
  if (expectation) return expectation.answer;
  if (!info) return undefined;
  const { status, code } = info.expected;
  return status >= 400
    ? { kind: 'error', status, code: code ?? '', pin: 'exact' }
    : { kind: 'success', status: 200, pin: 'exact' };
}

/** The part of the contract a verifier mismatch is about, when that part is an assumption. */
function assumedPart(m: Mismatch, api: Api, expectation: Expectation | undefined, expected: Expected | undefined) {
  const answerPart = (why: string): Part | undefined =>
    expectation ? { name: expectation.name, provenance: { kind: 'assumed', assumption: why } } : undefined;
  if (m.type === 'HeaderMismatch') return contentType;
  if (m.type === 'StatusMismatch') {
    return expected?.kind === 'success' && expected.pin === 'class' ? answerPart('the success status') : undefined;
  }
  if (m.type !== 'BodyMismatch' || !expected) return undefined;
  if (expected.kind === 'success') {
    const provenance = expectation ? responses[expectation.operationId] : undefined;
    return provenance?.kind === 'assumed' && expectation
      ? { name: `the ${expectation.operationId} answer's shape`, provenance }
      : undefined;
  }
  const path = bodyPath(m.path);
  const missing = /^Actual map is missing the following keys: (.*)$/.exec(m.mismatch ?? '')?.[1];
  if (missing) {
    const parts = missing.split(/,\s*/).map((key) => errorPartAt(api, path === 'the body' ? key : `${path}.${key}`));
    return parts.every((p) => p.provenance.kind === 'assumed') ? parts[0] : undefined;
  }
  // A code pinned exactly (client code branches on it) that came back otherwise: the answer is the assumption.
  if (path === 'errors.code' && /to be equal to/.test(m.mismatch ?? '')) return answerPart('the code');
  const part = errorPartAt(api, path === 'the body' ? '' : path);
  return part.provenance.kind === 'assumed' ? part : undefined;
}

/** A status matched by class says so: "expected a 4xx, got 200", not the pact's example status. */
function statusByClass(m: Mismatch, expected: Expected | undefined): string | undefined {
  if (m.type !== 'StatusMismatch' || expected?.pin !== 'class') return undefined;
  return `HTTP status: expected a ${expected.kind === 'error' ? '4xx' : '2xx'}, got ${m.actual}`;
}

export function classify(input: ClassifyInput): InteractionResult {
  const { api, provider, verifier, info, state, exchange } = input;
  const expectation = expectationFor(verifier.description);
  const expected = expectedFrom(expectation, info);
  const pendingByAssumption = expectation ? isPending(expectation) : false;
  const base = {
    provider,
    consumer: info?.consumer ?? verifier.consumer ?? 'unknown consumer',
    description: verifier.description,
    states: info?.states ?? [],
    pendingPact: verifier.pending && !pendingByAssumption,
    durationMs: verifier.durationMs,
  };
  if (state?.unavailable && !state.failure) {
    return { ...base, outcome: 'not-run', notRun: state.unavailable, failures: [], differences: [] };
  }
  if (state?.failure) {
    return {
      ...base,
      outcome: 'failed',
      failures: [`provider state setup failed: ${state.failure}`],
      differences: [],
    };
  }

  const failures: string[] = [];
  const differences = new Differences();
  const rule = expectation?.name ?? verifier.description;

  if (exchange) {
    if (exchange.error) failures.push(exchange.error);
    // A request sent to be refused as invalid must break its schema; every other request must keep to it.
    const sentInvalid = expected?.kind === 'error' && expected.status === 400;
    if (sentInvalid && exchange.operationId && !exchange.requestFindings.length) {
      failures.push('the request keeps to its schema, though the interaction sends it to be refused as invalid');
    }
    if (!sentInvalid) for (const f of exchange.requestFindings) failures.push(`request: ${f.text}`);
    for (const f of exchange.responseFindings) {
      if (f.assumption) differences.add(f.assumption.name, f.text);
      else failures.push(f.text);
    }
  }

  // A replaced answer's mismatches are about the proxy's 502; the findings above say what was wrong.
  if (!exchange?.replaced) {
    for (const m of verifier.mismatches) {
      const text = statusByClass(m, expected) ?? plainMismatch(m);
      const part = pendingByAssumption ? undefined : assumedPart(m, api, expectation, expected);
      if (pendingByAssumption) differences.add(rule, text);
      else if (part) differences.add(part.name, text);
      else failures.push(text);
    }
    if (verifier.errorMessage) {
      if (pendingByAssumption) differences.add(rule, verifier.errorMessage);
      else failures.push(verifier.errorMessage);
    }
  }

  const answered = exchange && !exchange.error ? exchange : undefined;
  if (answered && expected && expectation) {
    const actual = describeAnswer(answered.status, answered.body);
    if (expected.kind === 'error') {
      const statusAssumed = pendingByAssumption || expected.pin === 'class';
      const code = codeOf(answered.body);
      if ((statusAssumed && answered.status !== expected.status) || code !== expected.code) {
        differences.add(rule, `expected ${expected.status} ${expected.code}, got ${actual}`, true);
      }
    } else if (expected.pin === 'class' && answered.status !== expected.status) {
      differences.add(rule, `expected ${expected.status}, got ${actual}`, true);
    }
  }
  if (answered && answered.status >= 400 && typeof answered.body === 'object' && answered.body !== null) {
    const body = answered.body as { payload?: unknown; errors?: { validation_errors?: { path?: unknown }[] } };
    if (api === 'pos' && !('payload' in body)) differences.add(errorEnvelope.payload.name, 'the answer has no payload');
    if (expected?.kind === 'error' && expected.validationPath && answered.status === expected.status) {
      const first = body.errors?.validation_errors?.[0]?.path;
      if (first === undefined) {
        differences.add(errorEnvelope.validationErrors.name, 'the answer has no errors.validation_errors');
      } else if (first !== expected.validationPath) {
        differences.add(
          errorEnvelope.validationErrors.name,
          `the first validation error is at ${JSON.stringify(first)}, not ${JSON.stringify(expected.validationPath)}`,
        );
      }
    }
  }

  if (!verifier.ok && !failures.length && !differences.list().length) {
    (pendingByAssumption ? (t: string) => differences.add(rule, t) : (t: string) => failures.push(t))(
      'the verifier failed it without saying why (see verifier-output.txt)',
    );
  }
  const diffs = differences.list();
  const code = answered ? codeOf(answered.body) : undefined;
  return {
    ...base,
    outcome: failures.length ? 'failed' : diffs.length ? 'differs' : 'verified',
    failures,
    differences: diffs,
    ...(answered ? { answer: { status: answered.status, ...(code ? { code } : {}) } } : {}),
  };
}
