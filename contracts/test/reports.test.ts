import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaults } from '../../client/config.ts';
import { parseFixtures } from '../provider/fixtures.ts';
import { toReportInteractions, writeVerificationReports } from '../provider/reports.ts';
import { describeResults, type InteractionResult, parseVerifierJson } from '../provider/results.ts';

const result = (over: Partial<InteractionResult>): InteractionResult => ({
  provider: 'sessionm-pos-api',
  consumer: 'pos-till',
  description: 'a request to lock an issued user offer',
  states: ['a member holds an issued user offer'],
  passed: true,
  pending: false,
  durationMs: 12,
  failures: [],
  ...over,
});

describe('verifier results', () => {
  it('attach mismatches to their interaction in plain words, pending ones apart', () => {
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
    const [lookup, pending, unlock] = parseVerifierJson('sessionm-pos-api', json);
    expect(lookup).toMatchObject({
      consumer: 'pos-till',
      passed: false,
      pending: false,
      durationMs: 1500,
      failures: ["payload[0].points: expected number, got '10' (String)", 'HTTP status: expected 200, got 500'],
    });
    expect(pending).toMatchObject({ passed: false, pending: true, failures: ['Request failed'] });
    expect(unlock).toMatchObject({ passed: true, failures: [] });
    expect(describeResults([lookup, pending, unlock] as InteractionResult[])).toBe(
      [
        "✗ pos-till → sessionm-pos-api: a lookup of a member's wallet",
        "    payload[0].points: expected number, got '10' (String)",
        '    HTTP status: expected 200, got 500',
        '! pending pos-till → sessionm-pos-api: a new interaction',
        '    Request failed',
        '1 of 3 interactions verified, 1 failed, 1 pending failures ignored',
      ].join('\n'),
    );
  });
});

describe('verification reports', () => {
  it('map each interaction for the shared reports; a pending failure is shown but does not fail', () => {
    const [ok, failed, pending] = toReportInteractions([
      result({}),
      result({ description: 'a lookup', passed: false, failures: ['HTTP status: expected 200, got 500'] }),
      result({ description: 'a new one', passed: false, pending: true, failures: ['Request failed'] }),
    ]);
    expect(ok).toEqual({
      consumer: 'pos-till',
      provider: 'sessionm-pos-api',
      description: 'a request to lock an issued user offer',
      providerState: 'a member holds an issued user offer',
      ok: true,
      mismatches: [],
    });
    expect(failed).toMatchObject({ ok: false, mismatches: [{ message: 'HTTP status: expected 200, got 500' }] });
    expect(pending).toMatchObject({ ok: true, description: 'a new one (pending pact)' });
  });

  it('write the shared report files and the verifier output into the run folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-'));
    const files = await writeVerificationReports(
      join(dir, 'run-verify'),
      [result({}), result({ description: 'a lookup <wallet>', passed: false, failures: ['x & y'] })],
      'verifier says hello',
      { offersUrl: 'http://127.0.0.1:1', posUrl: 'http://127.0.0.1:1' },
    );
    const junit = readFileSync(files.junit, 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(2);
    expect(junit).toContain('x &amp; y');
    expect(readFileSync(files.html, 'utf8')).toContain('a lookup &lt;wallet&gt;');
    expect(readFileSync(files.verifierOutput, 'utf8')).toBe('verifier says hello');
    rmSync(dir, { recursive: true, force: true });
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
