import { describe, expect, it } from 'vitest';
import { accounting, offersLine, requestsLine } from '../../load/lib/accounting.ts';
import { errorRate } from '../../load/summary-stats.ts';
import { buildCharts } from '../charts-data.ts';
import type { K6Summary, Timeseries } from '../types.ts';

const metric = (values: Record<string, number>, type = 'counter') => ({ type, values });

// 100 flows: 98 redeemed, 2 failed at Lock after one unlock each; 101 offers issued (one flow cut off).
const summary: K6Summary = {
  metrics: {
    http_reqs: metric({ count: 101 + 300 + 40 + 5 }),
    'http_reqs{phase:flow}': metric({ count: 300 }),
    'http_reqs{phase:issue}': metric({ count: 101 }),
    'http_reqs{phase:setup}': metric({ count: 40 }),
    'http_reqs{phase:teardown}': metric({ count: 5 }),
    http_req_failed: metric({ rate: 0.1 }, 'rate'),
    'http_req_failed{phase:flow}': metric({ rate: 0.02 }, 'rate'),
    redemption_flow_redeemed: metric({ passes: 98, fails: 2, rate: 0.98 }, 'rate'),
    redemption_offer_issued: metric({ passes: 101, fails: 1, rate: 0.99 }, 'rate'),
    redemption_background_offers: metric({ count: 24 }),
  },
};

describe('accounting', () => {
  it('counts requests per phase and every per-flow offer: issued = redeemed + failed + left over', () => {
    const a = accounting(summary);
    expect(a.requests).toEqual({ flow: 300, issue: 101, setup: 40, teardown: 5, total: 446 });
    expect(a.flows).toBe(100);
    expect(a.extraHotPath).toBe(0);
    expect(a.offers).toEqual({ background: 24, issued: 101, notIssued: 1, redeemed: 98, failed: 2, leftOver: 1 });
    expect(requestsLine(a)).toBe(
      '300 hot path (3 × 100 flows + 0 from retries, unlocks and flows that stopped early); 101 issue, 40 set-up, 5 teardown',
    );
    expect(offersLine(a)).toBe(
      '101 per-flow offers issued = 98 redeemed + 2 failed + 1 left over; 24 background; 1 failed issues (no flow ran for them)',
    );
  });

  it('reads a summary from before requests had phases as all hot path', () => {
    const old: K6Summary = { metrics: { http_reqs: metric({ count: 12_345 }) } };
    expect(accounting(old).requests.flow).toBe(12_345);
    expect(requestsLine(accounting(old))).toMatch(/^12,345 hot path \(3 × 0 flows \+ 12,345 /);
  });

  it('the error rate and the throughput chart are the hot path only', () => {
    expect(errorRate(summary)).toBe(0.02);
    expect(errorRate({ metrics: { http_req_failed: metric({ rate: 0.1 }, 'rate') } })).toBe(0.1);
    const series = (count: number[]) => ({ metric: 'http_reqs', type: 'counter', columns: { count } });
    const ts: Timeseries = {
      version: 1,
      intervalMs: 1000,
      t: [0, 1],
      series: { http_reqs: series([900, 600]), 'http_reqs{phase:flow}': series([0, 600]) },
    };
    const throughput = buildCharts(ts).find((c) => c.id === 'throughput');
    expect(throughput?.series.find((s) => s.label === 'requests/s')?.values).toEqual([0, 600]);
  });
});
