// The one line a failed load run comes down to, read from its summary.
import { describe, expect, it } from 'vitest';
import { runCause, setupAbortReason } from '../run-cause.ts';

const summary = (errors: Record<string, number>, redeemed = 0, failed = 600) => ({
  metrics: {
    redemption_flow_redeemed: { type: 'rate', values: { rate: 0, passes: redeemed, fails: failed } },
    ...Object.fromEntries(
      Object.entries(errors).map(([code, count]) => [
        `redemption_errors{code:${code}}`,
        { type: 'counter', values: { count } },
      ]),
    ),
  },
});

describe('runCause', () => {
  it('names one cause when every flow failed the same way: 5xx, refused, a key', () => {
    expect(runCause(summary({ HTTP_503: 500, HTTP_500: 100 }))).toBe(
      'every flow failed: all 600 errors have one cause: 5xx, mostly HTTP 503: the provider is failing: check its health and logs',
    );
    expect(runCause(summary({ REFUSED: 600 }))).toMatch(
      /^every flow failed: all 600 errors have one cause: connection refused: nothing listens there/,
    );
    expect(runCause(summary({ HTTP_401_INVALID_API_KEY: 600 }))).toMatch(
      /HTTP 401 INVALID_API_KEY: the provider refused the credentials/,
    );
  });

  it('says nothing when some flow redeemed, the causes differ, or a cause is of an unknown vocabulary', () => {
    expect(runCause(summary({ HTTP_503: 600 }, 1))).toBeUndefined();
    expect(runCause(summary({ HTTP_503: 300, TIMEOUT: 300 }))).toBeUndefined();
    expect(runCause(summary({ LOCK_CONFLICT: 600 }))).toBeUndefined();
    expect(runCause(summary({}, 0, 0))).toBeUndefined();
  });
});

describe('setupAbortReason', () => {
  it("reads the engine's abort reason; k6's summary has none", () => {
    expect(
      setupAbortReason({ metrics: {}, engine: { aborted: { reason: 'MEMBERS_FILE holds no members' } } } as never),
    ).toBe('MEMBERS_FILE holds no members');
    expect(setupAbortReason({ metrics: {} })).toBeUndefined();
  });
});
