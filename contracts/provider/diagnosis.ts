// A verification's failures read for their cause: when every failing interaction failed the same way (a refused
// key, a dead provider, a failing one), that is said first in one line with what to check, before the details.
import { type Cause, collapsedLine, commonCause, networkKind } from '../../client/causes.ts';
import { failedResults, type InteractionResult } from './results.ts';

// The lines results.ts and the client write: "createOffer → 401 INVALID_API_KEY: …", "createOffer → no answer: …",
// "HTTP status: expected 200, got 401", "errors.code: expected 'NOT_FOUND', got 'INVALID_API_KEY'".
const setupStatus = /^provider state setup failed: .*?→ (\d{3}) ([A-Z][A-Z0-9_]*)?/;
const setupNoAnswer = /^provider state setup failed: .*?→ no answer: (.*)$/;
const statusMismatch = /^HTTP status: expected .*, got (\d{3})$/;
const codeMismatch = /^errors\.code: expected .*, got '([^']+)'$/;

/** What made one interaction fail, when its failures say; undefined when they do not. */
export function interactionCause(result: InteractionResult): Cause | undefined {
  for (const line of result.failures) {
    const setup = setupStatus.exec(line);
    if (setup) return { kind: 'http', status: Number(setup[1]), ...(setup[2] ? { code: setup[2] } : {}) };
    const noAnswer = setupNoAnswer.exec(line);
    if (noAnswer) return { kind: networkKind(noAnswer[1]) };
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

/** "all 27 failing interactions have one cause: HTTP 401 INVALID_API_KEY: … check SESSIONM_API_KEY (or SESSIONM_API_SECRET)", or nothing. */
export function commonFailure(results: InteractionResult[]): string | undefined {
  const found = commonCause(failedResults(results).map(interactionCause));
  return found ? collapsedLine(found, 'failing interactions') : undefined;
}
