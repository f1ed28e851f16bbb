import { describe, expect, it } from 'vitest';
import { defaults } from '../../client/config.ts';
import { parseFixtures } from '../provider/fixtures.ts';
import { junitXml } from '../provider/reports.ts';
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

describe('JUnit report', () => {
  it('has one testcase per interaction, failures carrying every reason', () => {
    const text = junitXml([
      result({}),
      result({
        description: 'a lookup <wallet>',
        passed: false,
        failures: ['HTTP status: expected 200, got 500', 'x & y'],
      }),
      result({ consumer: 'offer-back-office', provider: 'sessionm-offers-api', description: 'a create' }),
    ]);
    expect(text.match(/<testcase /g)).toHaveLength(3);
    expect(text.match(/<testsuite /g)).toHaveLength(2);
    expect(text).toContain('<testsuites name="contract verification" tests="3" failures="1">');
    expect(text).toContain(
      '<failure message="HTTP status: expected 200, got 500">HTTP status: expected 200, got 500\nx &amp; y</failure>',
    );
    expect(text).toContain('name="a lookup &lt;wallet&gt; (given a member holds an issued user offer)"');
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
