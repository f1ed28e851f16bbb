// The verifier's JSON result, turned into one record per interaction with its failures in plain words.

export interface InteractionResult {
  provider: string;
  consumer: string;
  description: string;
  states: string[];
  passed: boolean;
  /** A failure of a pending pact: reported, but it does not fail the run. */
  pending: boolean;
  durationMs: number;
  /** One line each: where (JSON path, header, status) and what was expected against what came back. */
  failures: string[];
}

interface Mismatch {
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

/** What the pact file says about an interaction: the verifier's result does not carry it. */
export interface InteractionInfo {
  consumer: string;
  states: string[];
}

/** "$.payload.offer.status" → "payload.offer.status"; the root is "the body". */
const bodyPath = (path: string | undefined) => (!path || path === '$' ? 'the body' : path.replace(/^\$\.?/, ''));

function plainMismatch(m: Mismatch): string {
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

function plainError(error: VerifierError): string[] {
  if (error.mismatch.type === 'error') return [error.mismatch.message];
  return error.mismatch.mismatches.map(plainMismatch);
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

/**
 * One result per interaction the verifier ran. `stateFailures[i]` is the state setup error before the i-th
 * interaction's request, if any: pact-js hides those, so the state guard records them.
 */
export function parseVerifierJson(
  provider: string,
  json: VerifierJson,
  info: Map<string, InteractionInfo> = new Map(),
  stateFailures: (string | undefined)[] = [],
): InteractionResult[] {
  return (json.interactionResults ?? []).map((entry, index) => {
    const failed = errorFor(json.errors, entry.description);
    const pendingFailed = errorFor(json.pendingErrors, entry.description);
    const stateFailure = stateFailures[index];
    const failures = [
      ...(stateFailure ? [`provider state setup failed: ${stateFailure}`] : []),
      ...(failed ? plainError(failed) : []),
      ...(pendingFailed ? plainError(pendingFailed) : []),
    ];
    const known = info.get(entry.description);
    return {
      provider,
      consumer: known?.consumer ?? consumerIn(failed ?? pendingFailed) ?? 'unknown consumer',
      description: entry.description,
      states: known?.states ?? [],
      passed: entry.result === 'OK' && !stateFailure,
      pending: Boolean(pendingFailed) && !failed,
      durationMs: durationMs(entry.duration),
      failures,
    };
  });
}

/** Errors about no interaction the verifier ran (a pact that failed to load, a broker it could not reach). */
export function runErrors(json: VerifierJson): string[] {
  const ran = (json.interactionResults ?? []).map((entry) => ` - ${entry.description}`);
  return (json.errors ?? [])
    .filter((error) => !ran.some((suffix) => error.interaction.endsWith(suffix)))
    .map((error) => `${error.interaction}: ${plainError(error).join('; ')}`);
}

/** Results of a run that could not verify at all (unreachable broker, no pacts): one synthetic failure. */
export function runFailure(provider: string, message: string): InteractionResult {
  return {
    provider,
    consumer: 'all consumers',
    description: 'verification could not run',
    states: [],
    passed: false,
    pending: false,
    durationMs: 0,
    failures: [message],
  };
}

export const failedResults = (results: InteractionResult[]) => results.filter((r) => !r.passed && !r.pending);

/** The summary a person reads: each failing interaction, and under it each failure. */
export function describeResults(results: InteractionResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.passed) continue;
    const given = result.states.length ? ` (given ${result.states.join(' and ')})` : '';
    const mark = result.pending ? '! pending' : '✗';
    lines.push(`${mark} ${result.consumer} → ${result.provider}: ${result.description}${given}`);
    for (const failure of result.failures) lines.push(`    ${failure}`);
  }
  const failed = failedResults(results).length;
  const passed = results.filter((r) => r.passed).length;
  const pending = results.filter((r) => r.pending).length;
  lines.push(
    `${passed} of ${results.length} interactions verified` +
      (failed ? `, ${failed} failed` : '') +
      (pending ? `, ${pending} pending failures ignored` : ''),
  );
  return lines.join('\n');
}
