// One cause behind every failing interaction is found from the failures as results.ts words them.
import { describe, expect, it } from 'vitest';
import { commonFailure, interactionCause } from '../provider/diagnosis.ts';
import type { InteractionResult } from '../provider/results.ts';

const result = (failures: string[], outcome: InteractionResult['outcome'] = 'failed'): InteractionResult => ({
  provider: 'sessionm-pos-api',
  consumer: 'pos-till',
  description: `interaction ${failures.join()}`,
  states: [],
  outcome,
  failures,
  differences: [],
  pendingPact: false,
  durationMs: 1,
});

// As a wrong SESSIONM_API_KEY against the mock words them.
const setup401 = result([
  'provider state setup failed: "an offer exists": state setup: createOffer → 401 INVALID_API_KEY: send Authorization: Basic <your API key>',
  'HTTP status: expected 200, got 500',
]);
const status401 = result([
  "errors.code: expected 'NOT_FOUND', got 'INVALID_API_KEY'",
  'HTTP status: expected 404, got 401',
]);
const bare401 = result(["status: expected 'ok', got 'error'", 'HTTP status: expected 200, got 401']);

describe('interactionCause', () => {
  it('reads a state setup failure first: it is why the request failed', () => {
    expect(interactionCause(setup401)).toEqual({ kind: 'http', status: 401, code: 'INVALID_API_KEY' });
  });

  it('reads the status mismatch and the code it came with', () => {
    expect(interactionCause(status401)).toEqual({ kind: 'http', status: 401, code: 'INVALID_API_KEY' });
    expect(interactionCause(bare401)).toEqual({ kind: 'http', status: 401 });
  });

  it('reads a state setup that got no answer, and a run that could not verify', () => {
    const refused = result([
      'provider state setup failed: "x": state setup: createOffer → no answer: connection refused',
    ]);
    expect(interactionCause(refused)).toEqual({ kind: 'refused' });
    const stopped = {
      ...result(['the verifier stopped: connect ECONNREFUSED 127.0.0.1:9']),
      description: 'verification could not run',
    };
    expect(interactionCause(stopped)).toEqual({ kind: 'refused' });
  });

  it('reads what the provider answered, for a difference from our assumptions as for a failure', () => {
    const differs = { ...result([], 'differs'), answer: { status: 401, code: 'INVALID_API_KEY' } };
    expect(interactionCause(differs)).toEqual({ kind: 'http', status: 401, code: 'INVALID_API_KEY' });
    const notRun = {
      ...result([], 'not-run'),
      notRun: '"x": state setup: createOffer → 503 SERVICE_UNAVAILABLE: busy',
    };
    expect(interactionCause(notRun)).toEqual({ kind: 'http', status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(interactionCause({ ...result(['payload: required'], 'failed'), answer: { status: 200 } })).toBeUndefined();
  });

  it('knows nothing of a body mismatch alone', () => {
    expect(interactionCause(result(['payload.offer.status: expected string, got 1 (number)']))).toBeUndefined();
  });
});

describe('commonFailure', () => {
  it('collapses a refused key into one line naming SESSIONM_API_KEY; passing interactions do not count', () => {
    expect(commonFailure([setup401, status401, bare401, result([], 'verified')])).toBe(
      'all 3 interactions that did not verify have one cause: HTTP 401 INVALID_API_KEY: the provider refused the credentials: check SESSIONM_API_KEY (or SESSIONM_API_SECRET)',
    );
  });

  it('says nothing when the failures differ or one has no known cause', () => {
    expect(commonFailure([setup401, result(['HTTP status: expected 200, got 404'])])).toBeUndefined();
    expect(commonFailure([setup401, result(['the body: required field(s) missing: payload'])])).toBeUndefined();
  });
});
