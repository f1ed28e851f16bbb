// The bench's pure parts: reading wrk, ratios, the rate search, the table. No timing is asserted here.
import { describe, expect, it } from 'vitest';
import { formatTable, targets } from '../report.ts';
import { searchMaxRate } from '../search.ts';
import { median, pairedRatio, ratio } from '../stats.ts';
import { requestIdMarker } from '../target.ts';
import { parseWrk, wrkLua } from '../wrk.ts';

const wrkOutput = `Running 1s test @ http://127.0.0.1:37935/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.81ms   11.26ms   1.09s    91.00%
    Req/Sec     1.95k     0.85k    3.19k    70.00%
  Latency Distribution
     50%  412.00us
     75%   10.05ms
     90%   18.17ms
     99%   64.79ms
  1992 requests in 1.03s, 529.12KB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   1930.68
Transfer/sec:    512.84KB
`;

describe('parseWrk', () => {
  it('reads counts, percentiles and max in milliseconds, and adds up errors', () => {
    expect(parseWrk(wrkOutput)).toEqual({
      requests: 1992,
      seconds: 1.03,
      p50Ms: expect.closeTo(0.412, 9),
      p99Ms: 64.79,
      maxMs: 1090,
      errors: 12,
    });
  });

  it('counts no errors when wrk prints none', () => {
    const clean = wrkOutput.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    expect(parseWrk(clean).errors).toBe(0);
  });

  it('says what is missing', () => {
    expect(() => parseWrk('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/requests in/);
    expect(() => parseWrk(wrkOutput.replace('99%', '98%'))).toThrow(/99% latency/);
  });
});

describe('wrkLua', () => {
  const t = { url: 'http://127.0.0.1:1/x', headers: { 'Content-Type': 'application/json' }, body: '{"a":"q\\""}' };

  it('sends a fixed body as wrk.body, escaped for Lua', () => {
    expect(wrkLua(t)).toContain('wrk.body = "{\\"a\\":\\"q\\\\\\"\\"}"');
    expect(wrkLua(t)).toContain('wrk.headers["Content-Type"] = "application/json"');
  });

  it('numbers each request in place of the request id marker', () => {
    const lua = wrkLua({ ...t, body: `{"request_id":"r-${requestIdMarker}"}` });
    expect(lua).toContain('return wrk.format(nil, nil, nil, "{\\"request_id\\":\\"r-" .. n .. "\\"}")');
    expect(lua).not.toContain('wrk.body');
  });
});

describe('ratios', () => {
  it('divides, and is NaN without a usable denominator', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNaN();
    expect(ratio(undefined, 4)).toBeNaN();
    expect(ratio(3, Number.NaN)).toBeNaN();
  });

  it('takes the median of per-round ratios, so a slow round for both cancels out', () => {
    // Round 2 is slow for both tools; its ratio is still 0.5.
    expect(pairedRatio([500, 100, 510], [1000, 200, 1000])).toBe(0.5);
    expect(median([3, 1, 2, Number.NaN])).toBe(2);
    expect(median([])).toBeNaN();
  });
});

describe('searchMaxRate', () => {
  const fake = (limit: number) => {
    const probed: number[] = [];
    const probe = async (rate: number) => {
      probed.push(rate);
      return { pass: rate <= limit, detail: null };
    };
    return { probe, probed };
  };

  it('doubles until a failure, then bisects', async () => {
    const { probe, probed } = fake(700);
    const r = await searchMaxRate(probe, { start: 100, max: 10_000, steps: 8 });
    expect(probed).toEqual([100, 200, 400, 800, 600, 700, 750]);
    expect(r.rate).toBe(700);
    expect(r.steps.map((s) => s.pass)).toEqual([true, true, true, false, true, true, false]);
  });

  it('bisects below the start when the start fails, and answers 0 when nothing passes', async () => {
    expect((await searchMaxRate(fake(60).probe, { start: 200, max: 1000, steps: 6 })).rate).toBe(57);
    expect((await searchMaxRate(fake(0).probe, { start: 200, max: 1000, steps: 3 })).rate).toBe(0);
  });

  it('stops at max and within the step budget', async () => {
    const high = fake(1e9);
    expect((await searchMaxRate(high.probe, { start: 100, max: 300, steps: 10 })).rate).toBe(300);
    expect(high.probed).toEqual([100, 200, 300]);
    const budget = fake(700);
    await searchMaxRate(budget.probe, { start: 100, max: 10_000, steps: 5 });
    expect(budget.probed).toHaveLength(5);
  });
});

describe('formatTable', () => {
  it('aligns columns and marks targets met or missed', () => {
    const text = formatTable([
      { name: 'engine_vs_autocannon', value: 0.91, target: targets.engine_vs_autocannon },
      { name: 'co_p99_ms', value: 450, unit: 'ms', target: targets.co_p99_ms },
      { name: 'flow_max_rate', value: null, unit: 'flows/s' },
    ]);
    expect(text.split('\n')).toEqual([
      'engine_vs_autocannon  0.91    target ≥ 0.8  met',
      'co_p99_ms             450 ms  target ≥ 900  missed',
      'flow_max_rate         n/a',
    ]);
  });
});
