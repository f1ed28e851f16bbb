import { describe, expect, it } from 'vitest';
import { errorsByCode } from '../../load/run-cause.ts';
import { thresholdRows } from '../summary-data.ts';
import type { K6Summary } from '../types.ts';

const summary: K6Summary = {
  metrics: {
    'redemption_errors{code:LOCK_CONFLICT}': {
      type: 'counter',
      values: { count: 7, rate: 0.2 },
      thresholds: { 'count>=0': { ok: true } },
    },
    'redemption_errors{code:HTTP_503}': {
      type: 'counter',
      values: { count: 2 },
      thresholds: { 'count>=0': { ok: true } },
    },
    'redemption_errors{code:NOT_LOCKED}': {
      type: 'counter',
      values: { count: 0 },
      thresholds: { 'count>=0': { ok: true } },
    },
    'http_req_duration{name:lock}': {
      type: 'trend',
      values: { 'p(95)': 12 },
      thresholds: { 'p(95)<10': { ok: false } },
    },
  },
};

describe('errors by code', () => {
  it('come from the redemption_errors sub-metrics, most frequent first, zeros left out', () => {
    expect(errorsByCode({ summary })).toEqual([
      ['LOCK_CONFLICT', 7],
      ['HTTP_503', 2],
    ]);
  });

  it('merge with counts given by the caller', () => {
    expect(errorsByCode({ summary, errorsByCode: { NETWORK: 3, HTTP_503: 5 } })).toEqual([
      ['LOCK_CONFLICT', 7],
      ['HTTP_503', 5],
      ['NETWORK', 3],
    ]);
  });

  it('are not listed as thresholds: their always-true thresholds only make k6 report them', () => {
    expect(thresholdRows(summary)).toEqual([
      { metric: 'http_req_duration{name:lock}', expr: 'p(95)<10', ok: false, observed: 'p(95)=12' },
    ]);
  });
});
