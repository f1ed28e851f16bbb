// The script's own end-of-test report (handleSummary): what a person reads on the console after a run.
import { describe, expect, it } from 'vitest';
import { summaryOutputs, textReport } from '../lib/summary.ts';

const data = {
  metrics: {
    redemption_flow_redeemed: { values: { rate: 1, passes: 10, fails: 0 }, thresholds: { 'rate>=0.99': { ok: true } } },
    'http_req_duration{name:lock}': { values: { med: 1, 'p(95)': 2, 'p(99)': 3, max: 4 } },
    'redemption_errors{code:HTTP_409_LOCK_CONFLICT}': {
      values: { count: 0 },
      thresholds: { 'count>=0': { ok: true } },
    },
  },
};

describe('textReport', () => {
  it('lists the SLOs, never the always-true thresholds that only keep error sub-metrics', () => {
    const text = textReport(data);
    expect(text).toContain('✓ redemption_flow_redeemed: rate>=0.99');
    expect(text).not.toContain('count>=0');
    expect(text).not.toContain('LOCK_CONFLICT');
  });

  it('says no flow ran instead of printing zero latencies as a healthy run', () => {
    const text = textReport({ metrics: { redemption_flow_redeemed: { values: { rate: 0, passes: 0, fails: 0 } } } });
    expect(text.trim()).toBe('redemption flows: none ran (setup failed or the run was aborted: see the log above)');
  });
});

describe('summaryOutputs', () => {
  it('writes summary.json into OUT_DIR, and nothing into the working directory without one', () => {
    expect(Object.keys(summaryOutputs(data, '/tmp/run/'))).toEqual(['stdout', '/tmp/run/summary.json']);
    expect(Object.keys(summaryOutputs(data, undefined))).toEqual(['stdout']);
  });
});
