// A verification's results read for their cause: when every interaction that did not verify failed the same way (a
// refused key, a dead provider, a failing one), that is said first in one line with what to check, before the details.
import { type Cause, collapsedLine, commonCause, networkKind } from '../../client/causes.ts';
import type { InteractionResult } from './results.ts';

// The lines the state guard and the client write: "createOffer → 401 INVALID_API_KEY: …", "createOffer → no answer: …";
// results.ts's "HTTP status: expected 200, got 401" and "errors.code: expected 'NOT_FOUND', got 'INVALID_API_KEY'".
const setupStatus = /state setup.*?→ (\d{3}) ([A-Z][A-Z0-9_]*)?/;
const setupNoAnswer = /state setup.*?→ no answer: (.*)$/;
const statusMismatch = /^HTTP status: expected .*, got (\d{3})$/;
const codeMismatch = /^errors\.code: expected .*, got '([^']+)'$/;

/** What made one interaction not verify, when its result says; undefined when it does not. */
export function interactionCause(result: InteractionResult): Cause | undefined {
  // A state that could not be set up is why the request failed, whatever the provider answered to it.
  for (const line of [...result.failures, ...(result.notRun ? [result.notRun] : [])]) {
    const setup = setupStatus.exec(line);
    if (setup) return { kind: 'http', status: Number(setup[1]), ...(setup[2] ? { code: setup[2] } : {}) };
    const noAnswer = setupNoAnswer.exec(line);
    if (noAnswer) return { kind: networkKind(noAnswer[1]) };
  }
  // What the provider answered, as the conformance proxy saw it.
  if (result.answer) {
    const { status, code } = result.answer;
    return status >= 400 ? { kind: 'http', status, ...(code ? { code } : {}) } : undefined;
  }
  const status = result.failures.map((l) => statusMismatch.exec(l)?.[1]).find(Boolean);
  if (status) {
    const code = result.failures.map((l) => codeMismatch.exec(l)?.[1]).find(Boolean);
    return { kind: 'http', status: Number(status), ...(code ? { code } : {}) };
  }
  if (result.description === 'verification could not run') {
    const kind = networkKind(result.failures.join(' '));
    return kind === 'network' ? undefined : { kind };
  }
  return undefined;
}

/**
 * "all 27 interactions that did not verify have one cause: HTTP 401 INVALID_API_KEY: … check SESSIONM_API_KEY …",
 * or nothing. Documented failures, differences and states not run all count: a refused key makes each kind.
 */
export function commonFailure(results: InteractionResult[]): string | undefined {
  const unverified = results.filter((r) => r.outcome !== 'verified' && !r.pendingPact);
  const found = commonCause(unverified.map(interactionCause));
  return found ? collapsedLine(found, 'interactions that did not verify') : undefined;
}
