import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaults } from '../../client/config.ts';
import { type ClassifyInput, classify } from '../provider/classify.ts';
import type { Exchange } from '../provider/conformance.ts';
import { parseFixtures } from '../provider/fixtures.ts';
import { toReportInteractions, writeVerificationReports } from '../provider/reports.ts';
import {
  describeResults,
  headline,
  type InteractionResult,
  parseVerifierJson,
  runPassed,
  type VerifierResult,
} from '../provider/results.ts';

const result = (over: Partial<InteractionResult>): InteractionResult => ({
  provider: 'sessionm-pos-api',
  consumer: 'pos-till',
  description: 'a request to lock an issued user offer',
  states: ['a member holds an issued user offer'],
  outcome: 'verified',
  failures: [],
  differences: [],
  pendingPact: false,
  durationMs: 12,
  ...over,
});

describe('verifier results', () => {
  it('attach each interaction its mismatches, pending ones marked', () => {
    const json = {
      errors: [
        {
          interaction: "Verifying a pact between pos-till and sessionm-pos-api Given x - a lookup of a member's wallet",
          mismatch: {
            type: 'mismatches' as const,
            mismatches: [
              { type: 'BodyMismatch', path: '$.payload[0].points', mismatch: "Expected '10' (String) to be a number" },
              { type: 'StatusMismatch', expected: 200, actual: 500, mismatch: 'expected 200 but was 500' },
            ],
          },
        },
      ],
      pendingErrors: [
        {
          interaction: 'Verifying a pact between pos-till and sessionm-pos-api - a new interaction',
          mismatch: { type: 'error' as const, message: 'Request failed' },
        },
      ],
      interactionResults: [
        { description: "a lookup of a member's wallet", duration: '1.5s', result: 'Error' },
        { description: 'a new interaction', duration: '40ms', result: 'Error' },
        { description: 'a request to unlock a locked user offer', duration: '12ms', result: 'OK' },
      ],
    };
    const [lookup, pending, unlock] = parseVerifierJson(json);
    expect(lookup).toMatchObject({ consumer: 'pos-till', ok: false, pending: false, durationMs: 1500 });
    expect(lookup?.mismatches).toHaveLength(2);
    expect(pending).toMatchObject({ ok: false, pending: true, errorMessage: 'Request failed' });
    expect(unlock).toMatchObject({ ok: true, mismatches: [] });
  });
});

describe('classification by provenance', () => {
  const verifier = (description: string, over: Partial<VerifierResult> = {}): VerifierResult => ({
    description,
    ok: true,
    pending: false,
    mismatches: [],
    durationMs: 5,
    ...over,
  });
  const exchange = (status: number, body: unknown, over: Partial<Exchange> = {}): Exchange => ({
    method: 'POST',
    path: '/x',
    operationId: 'lockUserOffer',
    requestFindings: [],
    status,
    body,
    responseFindings: [],
    replaced: false,
    ...over,
  });
  const pos = (over: Omit<ClassifyInput, 'api' | 'provider'>) =>
    classify({ api: 'pos', provider: 'sessionm-pos-api', ...over });
  const offers = (over: Omit<ClassifyInput, 'api' | 'provider'>) =>
    classify({ api: 'offers', provider: 'sessionm-offers-api', ...over });
  const posError = (status: string, code: string) => ({ status, payload: null, errors: { code, message: 'm' } });

  it('reports another code for an assumed rule (a pending interaction) as a difference, with the actual answer', () => {
    const r = pos({
      verifier: verifier('a request to lock a user offer locked by another transaction', {
        ok: false,
        pending: true,
        mismatches: [
          {
            type: 'BodyMismatch',
            path: '$.errors.code',
            mismatch: "Expected 'OFFER_LOCKED' (String) to be equal to 'LOCK_CONFLICT' (String)",
          },
        ],
      }),
      exchange: exchange(409, posError('error', 'OFFER_LOCKED')),
    });
    expect(r.outcome).toBe('differs');
    expect(r.pendingPact).toBe(false);
    expect(r.differences).toEqual([
      {
        assumption: 'lock of a user offer locked by another transaction',
        message:
          'differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
        details: ["errors.code: expected 'LOCK_CONFLICT', got 'OFFER_LOCKED'"],
      },
    ]);
    expect(r.answer).toEqual({ status: 409, code: 'OFFER_LOCKED' });
  });

  it('reports another status of the same class, a missing POS payload and a missing message as differences', () => {
    const r = pos({
      verifier: verifier('a request to lock an unknown user offer', {
        ok: false,
        mismatches: [
          { type: 'BodyMismatch', path: '$.errors', mismatch: 'Actual map is missing the following keys: message' },
        ],
      }),
      exchange: exchange(
        400,
        { status: 'error', errors: { code: 'BAD_ID' } },
        {
          responseFindings: [
            {
              text: 'errors.message: required by error.response.json',
              assumption: {
                name: 'error bodies carry errors.message',
                provenance: { kind: 'assumed', assumption: 'x' },
              },
            },
          ],
        },
      ),
    });
    expect(r.outcome).toBe('differs');
    expect(r.failures).toEqual([]);
    expect(r.differences.map((d) => d.message)).toEqual([
      'differs from our assumption: error bodies carry errors.message: errors.message: required by error.response.json',
      'differs from our assumption: lock of an unknown user offer: expected 404 NOT_FOUND, got 400 BAD_ID',
      'differs from our assumption: POS error bodies carry "payload": null: the answer has no payload',
    ]);
    expect(r.differences[0]?.details).toEqual(['errors: required field(s) missing: message']);
  });

  it('fails a documented expectation: a status pinned exactly, a missing errors object, a schema violation', () => {
    const badKey = offers({
      verifier: verifier('a request for an offer with a bad API key', {
        ok: false,
        mismatches: [{ type: 'StatusMismatch', expected: 401, actual: 403, mismatch: 'expected 401 but was 403' }],
      }),
      exchange: exchange(403, { status: 'error', errors: { code: 'FORBIDDEN', message: 'm' } }),
    });
    expect(badKey.outcome).toBe('failed');
    expect(badKey.failures).toEqual(['HTTP status: expected 401, got 403']);
    expect(badKey.differences.map((d) => d.assumption)).toEqual(['fetch with a bad API key']);

    const wrapped = offers({
      verifier: verifier('a request for an unknown offer', {
        ok: false,
        mismatches: [
          { type: 'BodyMismatch', path: '$', mismatch: 'Actual map is missing the following keys: status, errors' },
        ],
      }),
      exchange: exchange(404, { data: {} }),
    });
    expect(wrapped.outcome).toBe('failed');
    expect(wrapped.failures).toEqual(['the body: required field(s) missing: status, errors']);

    const dropped = offers({
      verifier: verifier('a request for an existing offer', {
        ok: false,
        mismatches: [{ type: 'StatusMismatch', expected: 200, actual: 502, mismatch: 'expected 200 but was 502' }],
      }),
      exchange: exchange(
        200,
        {},
        {
          replaced: true,
          responseFindings: [{ text: 'payload.offer.root_offer_id: required by fetch-offer.response.json' }],
        },
      ),
    });
    expect(dropped).toMatchObject({
      outcome: 'failed',
      failures: ['payload.offer.root_offer_id: required by fetch-offer.response.json'],
    });
  });

  it('fails an answer outside the class a documented rule pins, and says the class', () => {
    const r = pos({
      verifier: verifier('a request to unlock an unknown user offer', {
        ok: false,
        mismatches: [{ type: 'StatusMismatch', expected: 404, actual: 200, mismatch: 'expected 404 but was 200' }],
      }),
      exchange: exchange(200, { status: 'OK', payload: null, errors: null }),
    });
    expect(r.outcome).toBe('failed');
    expect(r.failures).toEqual(['HTTP status: expected a 4xx, got 200']);
    expect(r.differences[0]?.message).toBe(
      'differs from our assumption: unlock of an unknown user offer: expected 404 NOT_FOUND, got 200 OK',
    );
  });

  it('fails a request that breaks its schema, and a request meant to be invalid that keeps to it', () => {
    const finding = { text: 'request_payload.transaction.subtotal: must be a Money by lock-user-offer.request.json' };
    const valid = pos({
      verifier: verifier('a request to lock an issued user offer'),
      exchange: exchange(200, { status: 'OK' }, { requestFindings: [finding] }),
    });
    expect(valid.failures).toEqual([`request: ${finding.text}`]);
    const meantInvalid = pos({
      verifier: verifier('a request to lock with a decimal comma in the subtotal'),
      exchange: exchange(400, posError('error', 'VALIDATION')),
    });
    expect(meantInvalid.failures).toEqual([
      'the request keeps to its schema, though the interaction sends it to be refused as invalid',
    ]);
  });

  it('reports a state this provider cannot be put in as not run, and a failed setup as a failure', () => {
    const notRun = pos({
      verifier: verifier('a request to lock a user offer whose offer is out of its dates', { ok: false }),
      state: { unavailable: '"a member holds …": no expired user offer' },
    });
    expect(notRun).toMatchObject({ outcome: 'not-run', notRun: '"a member holds …": no expired user offer' });
    const failed = pos({
      verifier: verifier('a request to lock an issued user offer', { ok: false }),
      state: { failure: '"a member holds an issued user offer": issuing is down' },
    });
    expect(failed.failures).toEqual([
      'provider state setup failed: "a member holds an issued user offer": issuing is down',
    ]);
  });

  it('holds a pact it does not know strictly, and counts a pending pact from a broker apart', () => {
    const unknown = pos({
      verifier: verifier('an interaction of a newer pact', {
        ok: false,
        pending: true,
        mismatches: [
          {
            type: 'BodyMismatch',
            path: '$.errors.code',
            mismatch: "Expected 'A' (String) to be equal to 'B' (String)",
          },
        ],
      }),
      info: { consumer: 'pos-till', states: [], expected: { status: 409, code: 'B' } },
      exchange: exchange(409, posError('error', 'A')),
    });
    expect(unknown).toMatchObject({
      outcome: 'failed',
      pendingPact: true,
      failures: ["errors.code: expected 'B', got 'A'"],
    });
    expect(runPassed([unknown], false)).toBe(true);
  });
});

describe('the verdict', () => {
  const differs = result({
    description: 'a request to lock a user offer locked by another transaction',
    outcome: 'differs',
    differences: [
      {
        assumption: 'lock',
        message: 'differs from our assumption: lock: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
        details: ['errors.code: x'],
      },
    ],
  });
  const notRun = result({ description: 'a request to lock an expired one', outcome: 'not-run', notRun: 'no fixture' });
  const failed = result({ description: 'a lookup', outcome: 'failed', failures: ['payload: required'] });

  it('passes differences and states not run unless strict; never a documented failure; never nothing', () => {
    expect(runPassed([result({}), differs, notRun], false)).toBe(true);
    expect(runPassed([result({}), differs], true)).toBe(false);
    expect(runPassed([result({}), notRun], true)).toBe(false);
    expect(runPassed([result({}), failed], false)).toBe(false);
    expect(runPassed([], false)).toBe(false);
  });

  it('headlines the two kinds of result apart, and lists failures, differences and states not run in turn', () => {
    expect(headline([result({}), differs, notRun, failed], false)).toBe(
      'FAILED: documented: 1 interaction failed · assumptions: 1 of 4 interactions differ · not run: 1 · verified: 1 of 4',
    );
    expect(headline([result({}), differs], true)).toBe(
      'FAILED: documented: every expectation held · assumptions: 1 of 2 interactions differ (--strict: failing) · verified: 1 of 2',
    );
    expect(describeResults([result({}), differs, notRun, failed])).toBe(
      [
        '✗ documented expectations that failed:',
        '  pos-till → sessionm-pos-api: a lookup (given a member holds an issued user offer)',
        '      payload: required',
        '~ differs from our assumptions (not failing; --strict fails them):',
        '  pos-till → sessionm-pos-api: a request to lock a user offer locked by another transaction (given a member holds an issued user offer)',
        '      differs from our assumption: lock: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
        '        errors.code: x',
        '- not run:',
        '  pos-till → sessionm-pos-api: a request to lock an expired one (given a member holds an issued user offer)',
        '      no fixture',
        'FAILED: documented: 1 interaction failed · assumptions: 1 of 4 interactions differ · not run: 1 · verified: 1 of 4',
      ].join('\n'),
    );
  });

  it('maps each interaction for the shared reports and writes them, differences as skipped JUnit cases', async () => {
    const [ok, diff, skipped, bad] = toReportInteractions([result({}), differs, notRun, failed], false);
    expect(ok).toMatchObject({ ok: true, outcome: 'verified', providerState: 'a member holds an issued user offer' });
    expect(diff).toMatchObject({ ok: true, outcome: 'differs', differences: [{ details: ['errors.code: x'] }] });
    expect(skipped).toMatchObject({ ok: true, outcome: 'not-run', notRun: 'no fixture' });
    expect(bad).toMatchObject({ ok: false, mismatches: [{ message: 'payload: required' }] });
    expect(toReportInteractions([differs], true)[0]?.ok).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    try {
      const files = await writeVerificationReports(
        join(dir, 'run-verify'),
        [result({}), differs, result({ description: 'a lookup <wallet>', outcome: 'failed', failures: ['x & y'] })],
        'verifier says hello',
        { offersUrl: 'http://127.0.0.1:1', posUrl: 'http://127.0.0.1:1', strict: false },
      );
      const junit = readFileSync(files.junit, 'utf8');
      expect(junit).toContain('<testsuites tests="3" failures="1" skipped="1">');
      expect(junit).toContain('x &amp; y');
      expect(junit).toContain(
        '<skipped message="differs from our assumption: lock: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED"/>',
      );
      expect(readFileSync(files.html, 'utf8')).toContain('a lookup &lt;wallet&gt;');
      expect(readFileSync(files.markdown, 'utf8')).toContain('#### Differences from our assumptions (not failing)');
      expect(readFileSync(files.verifierOutput, 'utf8')).toBe('verifier says hello');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fixtures', () => {
  const file = {
    retailer_id: defaults.retailerId,
    store_id: defaults.storeId,
    client_id: defaults.clientId,
    member: { user_id: 'f38bfc1e-bcdc-11e8-9c83-7dc5ca5286e2', external_customer_id: '14311211' },
  };

  it('take each value from the environment before the file', () => {
    const fixtures = parseFixtures(file, { SESSIONM_TEST_EXTERNAL_CUSTOMER_ID: 'staging-member-7' }, 'f.json');
    expect(fixtures.member).toEqual({ userId: file.member.user_id, externalCustomerId: 'staging-member-7' });
    expect(fixtures.mockAdmin).toBe(false);
    expect(fixtures.expiredUserOfferId).toBeUndefined();
  });

  it('name the missing or malformed field and its variable', () => {
    expect(() => parseFixtures({ ...file, member: {} }, {}, 'f.json')).toThrow(
      'member.user_id is missing: set it in f.json or SESSIONM_TEST_USER_ID',
    );
    expect(() => parseFixtures(file, { SESSIONM_STORE_ID: 'store-7' }, 'f.json')).toThrow(
      'store_id must be a uuid, got "store-7"',
    );
  });
});
