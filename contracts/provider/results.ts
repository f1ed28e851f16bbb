// Verification results: what the verifier said per interaction (parsed from its JSON), and the classified result
// a person, a report or a gate reads. classify.ts turns the one into the other.

/**
 * verified: everything held. failed: a documented expectation did not. differs: only assumptions differed (the
 * provider made another reasonable choice where the sources are silent). not-run: the provider cannot be put in the
 * interaction's state (a live SessionM without the fixture it needs).
 */
export type Outcome = 'verified' | 'failed' | 'differs' | 'not-run';

export interface Difference {
  /** The assumption, by name. */
  assumption: string;
  /** "differs from our assumption: <assumption>: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED" */
  message: string;
  /** The mismatches behind it, one line each. */
  details: string[];
}

export interface InteractionResult {
  provider: string;
  consumer: string;
  description: string;
  states: string[];
  outcome: Outcome;
  /** Documented expectations that failed, one line each, the JSON path (or status, header) first. */
  failures: string[];
  differences: Difference[];
  /** Why the interaction was not run. */
  notRun?: string;
  /** A pending pact from a broker (not one of our pending interactions): its failures are shown, not counted. */
  pendingPact: boolean;
  /** What the provider answered, when it was reached. */
  answer?: { status: number; code?: string };
  durationMs: number;
}

export interface Mismatch {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  expected?: unknown;
  actual?: unknown;
}

interface VerifierError {
  interaction: string;
  mismatch: { type: 'mismatches'; mismatches: Mismatch[] } | { type: 'error'; message: string };
}

export interface VerifierJson {
  errors?: VerifierError[];
  pendingErrors?: VerifierError[];
  interactionResults?: { description: string; duration?: string; result: string }[];
}

/** What the verifier said about one interaction. */
export interface VerifierResult {
  description: string;
  /** From the verifier's error text, when the pact file is not at hand. */
  consumer?: string;
  ok: boolean;
  /** The verifier counted it pending: a pending interaction, or a pending pact from a broker. */
  pending: boolean;
  mismatches: Mismatch[];
  /** An error that is no mismatch ("Request failed …"). */
  errorMessage?: string;
  durationMs: number;
}

/** "$.payload.offer.status" → "payload.offer.status"; the root is "the body". */
export const bodyPath = (path: string | undefined) => (!path || path === '$' ? 'the body' : path.replace(/^\$\.?/, ''));

export function plainMismatch(m: Mismatch): string {
  const text = (m.mismatch ?? '')
    .replace(/^Actual map is missing the following keys: (.*)$/, 'required field(s) missing: $1')
    .replace(/^Expected (.*) \((\w+)\) to be an? (\w+)$/, 'expected $3, got $1 ($2)')
    .replace(/^Expected (.*) \(\w+\) to be equal to (.*) \(\w+\)$/, 'expected $2, got $1');
  switch (m.type) {
    case 'StatusMismatch':
      return `HTTP status: expected ${m.expected}, got ${m.actual}`;
    case 'HeaderMismatch':
      return `header ${m.key}: ${text}`;
    case 'BodyMismatch':
      return `${bodyPath(m.path)}: ${text}`;
    default:
      return text || JSON.stringify(m);
  }
}

const durationMs = (text: string | undefined) => {
  const match = /^([\d.]+)(ms|s)$/.exec(text ?? '');
  if (!match) return 0;
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
};

/** The error entry for a description: the verifier names it "Verifying a pact between … - <description>". */
const errorFor = (errors: VerifierError[] | undefined, description: string) =>
  errors?.find((error) => error.interaction.endsWith(` - ${description}`));

const consumerIn = (error: VerifierError | undefined) =>
  error ? /^Verifying a pact between (.+?) and /.exec(error.interaction)?.[1] : undefined;

/** One result per interaction the verifier ran, in the order it ran them. */
export function parseVerifierJson(json: VerifierJson): VerifierResult[] {
  return (json.interactionResults ?? []).map((entry) => {
    const failed = errorFor(json.errors, entry.description);
    const pendingFailed = errorFor(json.pendingErrors, entry.description);
    const error = failed ?? pendingFailed;
    const consumer = consumerIn(error);
    return {
      description: entry.description,
      ...(consumer ? { consumer } : {}),
      ok: entry.result === 'OK' && !error,
      pending: Boolean(pendingFailed) && !failed,
      mismatches: error?.mismatch.type === 'mismatches' ? error.mismatch.mismatches : [],
      ...(error?.mismatch.type === 'error' ? { errorMessage: error.mismatch.message } : {}),
      durationMs: durationMs(entry.duration),
    };
  });
}

/** Errors about no interaction the verifier ran (a pact that failed to load, a broker it could not reach). */
export function runErrors(json: VerifierJson): string[] {
  const ran = (json.interactionResults ?? []).map((entry) => ` - ${entry.description}`);
  return (json.errors ?? [])
    .filter((error) => !ran.some((suffix) => error.interaction.endsWith(suffix)))
    .map((error) => {
      const detail =
        error.mismatch.type === 'error'
          ? error.mismatch.message
          : error.mismatch.mismatches.map(plainMismatch).join('; ');
      return `${error.interaction}: ${detail}`;
    });
}

/** Results of a run that could not verify at all (unreachable broker, no pacts): one synthetic failure. */
export function runFailure(provider: string, message: string): InteractionResult {
  return {
    provider,
    consumer: 'all consumers',
    description: 'verification could not run',
    states: [],
    outcome: 'failed',
    failures: [message],
    differences: [],
    pendingPact: false,
    durationMs: 0,
  };
}

export interface Tally {
  total: number;
  verified: number;
  /** Documented expectations that failed (pending pacts from a broker apart). */
  failed: number;
  differs: number;
  notRun: number;
  /** Failures of pending pacts from a broker: shown, not counted, as Pact does. */
  pendingPactFailures: number;
}

export function tally(results: InteractionResult[]): Tally {
  const count = (test: (r: InteractionResult) => boolean) => results.filter(test).length;
  return {
    total: results.length,
    verified: count((r) => r.outcome === 'verified'),
    failed: count((r) => r.outcome === 'failed' && !r.pendingPact),
    differs: count((r) => r.outcome === 'differs'),
    notRun: count((r) => r.outcome === 'not-run'),
    pendingPactFailures: count((r) => r.outcome === 'failed' && r.pendingPact),
  };
}

/** Whether one interaction lets the run pass: documented failures never; differences and not-run only unless strict. */
export function counts(result: InteractionResult, strict: boolean): boolean {
  if (result.outcome === 'failed') return result.pendingPact;
  if (result.outcome === 'verified') return true;
  return !strict;
}

/** A run passes when every documented expectation held; with `strict`, every assumption held and every state ran. */
export const runPassed = (results: InteractionResult[], strict: boolean) =>
  results.length > 0 && results.every((r) => counts(r, strict));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The headline: the verdict, then the two kinds of result apart. */
export function headline(results: InteractionResult[], strict: boolean): string {
  const t = tally(results);
  const parts = [
    `documented: ${t.failed ? `${plural(t.failed, 'interaction')} failed` : 'every expectation held'}`,
    `assumptions: ${t.differs ? `${t.differs} of ${t.total} interactions differ${strict ? ' (--strict: failing)' : ''}` : 'none differ'}`,
    ...(t.notRun ? [`not run: ${t.notRun}${strict ? ' (--strict: failing)' : ''}`] : []),
    ...(t.pendingPactFailures ? [`pending pacts failing (not counted): ${t.pendingPactFailures}`] : []),
    `verified: ${t.verified} of ${t.total}`,
  ];
  return `${runPassed(results, strict) ? 'PASSED' : 'FAILED'}: ${parts.join(' · ')}`;
}

const title = (r: InteractionResult) =>
  `${r.consumer} → ${r.provider}: ${r.description}${r.states.length ? ` (given ${r.states.join(' and ')})` : ''}`;

/** What a person reads: documented failures, then differences from our assumptions, then states not run, then the headline. */
export function describeResults(results: InteractionResult[], strict = false): string {
  const lines: string[] = [];
  const section = (heading: string, picked: InteractionResult[], body: (r: InteractionResult) => string[]) => {
    if (!picked.length) return;
    lines.push(heading);
    for (const r of picked) lines.push(`  ${title(r)}`, ...body(r).map((line) => `      ${line}`));
  };
  section(
    '✗ documented expectations that failed:',
    results.filter((r) => r.outcome === 'failed' && !r.pendingPact),
    (r) => [...r.failures, ...r.differences.map((d) => d.message)],
  );
  section(
    `${strict ? '✗' : '~'} differs from our assumptions${strict ? ' (--strict)' : ' (not failing; --strict fails them)'}:`,
    results.filter((r) => r.outcome === 'differs'),
    (r) => r.differences.flatMap((d) => [d.message, ...d.details.map((detail) => `  ${detail}`)]),
  );
  section(
    '- not run:',
    results.filter((r) => r.outcome === 'not-run'),
    (r) => [r.notRun ?? ''],
  );
  section(
    '! pending pacts that failed (not counted):',
    results.filter((r) => r.outcome === 'failed' && r.pendingPact),
    (r) => r.failures,
  );
  lines.push(headline(results, strict));
  return lines.join('\n');
}
