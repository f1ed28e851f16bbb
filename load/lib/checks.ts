// Checks that validate each response against the compiled schemas; a failure logs one line: expected vs got.
import { check } from 'k6';
import { causeTag } from '../../client/causes.ts';
import { operation } from '../../client/requests.ts';
import { type ApiResult, describeFailure, failureCause } from '../../client/responses.ts';
import { violationText } from '../../schemas/errors.ts';
import type { OperationId } from '../../schemas/generated/operations.ts';
import { violationsOf } from '../../schemas/standalone.ts';
import { errorsByCode } from './metrics.ts';
import type { Phase, StepName } from './names.ts';

// Per VU on k6 (per run on the embedded engine, which shares modules): enough to see what went wrong
// without flooding the log at hundreds of flows a second.
const maxLogLines = 5;
let logged = 0;

export function report(line: string): void {
  if (logged < maxLogLines) console.error(line);
  else if (logged === maxLogLines) console.error('(further check failures on this VU are not logged)');
  logged++;
}

/** What came back, in a phrase: the error envelope, or the schema violations of a 2xx body. */
export function mismatch<Op extends OperationId>(result: ApiResult<Op>): string | undefined {
  if (!result.ok) return describeFailure(result);
  const violations = violationsOf(operation(result.operationId).responseSchema, result.body);
  return violations.length ? `${result.status} with ${violationText(violations)}` : undefined;
}

/** One check per step: a 2xx whose body matches the operation's response schema. Tagged with its phase. */
export function checkResponse<Op extends OperationId>(
  step: StepName,
  result: ApiResult<Op>,
  phase: Phase = 'flow',
): boolean {
  const schema = operation(result.operationId).responseSchema;
  const problem = mismatch(result);
  const name = `${step}: 2xx matching ${schema}`;
  check(null, { [name]: () => problem === undefined }, { name: step, phase });
  if (problem !== undefined) {
    errorsByCode.add(1, { name: step, phase, code: errorCode(result) });
    report(`${step}: expected 2xx matching ${schema}, got ${problem}`);
  }
  return problem === undefined;
}

/** The cause as a tag: HTTP_409_LOCK_CONFLICT, HTTP_503, NON_JSON, RESET, TIMEOUT… (client/causes.ts). */
function errorCode<Op extends OperationId>(result: ApiResult<Op>): string {
  return result.ok ? 'SCHEMA' : causeTag(failureCause(result));
}

/** A named condition of the hot path, with its one-line explanation when it fails. */
export function checkThat(step: StepName, name: string, ok: boolean, got: () => string): boolean {
  check(null, { [`${step}: ${name}`]: () => ok }, { name: step, phase: 'flow' });
  if (!ok) report(`${step}: expected ${name}, got ${got()}`);
  return ok;
}
