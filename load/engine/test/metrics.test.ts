import { describe, expect, it } from 'vitest';
import { parseMetricKey, Registry, roll } from '../metrics/registry.ts';
import { CounterSink, GaugeSink, RateSink, TrendSink } from '../metrics/sinks.ts';
import { sinkValues } from '../summary.ts';

/** k6's TrendSink.P: linear interpolation between ranks floor/ceil(p*(n-1)) of the sorted values. */
function k6Percentile(sorted: number[], p: number): number {
  const i = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(i)] as number;
  const hi = sorted[Math.ceil(i)] as number;
  return lo + (hi - lo) * (i - Math.floor(i));
}

describe('TrendSink', () => {
  it('matches k6 percentiles on 1..100 ms within the histogram precision', () => {
    const s = new TrendSink();
    for (let v = 100; v >= 1; v--) s.add(v);
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    const ps = [50, 90, 95, 99, 99.9];
    const got = s.percentiles(ps);
    ps.forEach((p, i) => {
      expect(Math.abs((got[i] as number) - k6Percentile(sorted, p)) / k6Percentile(sorted, p)).toBeLessThan(0.001);
    });
    expect(got[0]).toBeCloseTo(50.5, 1);
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
    expect(s.avg()).toBe(50.5);
  });

  it('keeps microsecond resolution for sub-millisecond values', () => {
    const s = new TrendSink();
    for (const v of [0.101, 0.102, 0.103, 0.104, 0.105]) s.add(v);
    expect(s.percentiles([50])[0]).toBeCloseTo(0.103, 6);
  });

  it('agrees with k6 on random data with a long tail', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const values = Array.from({ length: 5000 }, () => -Math.log(rnd()) * 20 + 0.3);
    const s = new TrendSink();
    for (const v of values) s.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99]) {
      const want = k6Percentile(sorted, p);
      expect(Math.abs((s.percentiles([p])[0] as number) - want) / want).toBeLessThan(0.001);
    }
  });

  it('gives the only value for every percentile of one sample and 0 for none', () => {
    const s = new TrendSink();
    expect(s.percentiles([50, 99])).toEqual([0, 0]);
    s.add(42.5);
    expect(s.percentiles([0, 50, 100])).toEqual([42.5, 42.5, 42.5]);
  });
});

describe('Counter, Rate, Gauge', () => {
  it('counter sums and reports a per-second rate over the test duration', () => {
    const c = new CounterSink();
    c.add(2);
    c.add(3);
    expect(sinkValues(c, [], 2000)).toEqual({ count: 5, rate: 2.5 });
  });

  it('rate counts non-zero samples as passes', () => {
    const r = new RateSink();
    for (const v of [0, 1, 5, 0]) r.add(v);
    expect(sinkValues(r, [], 1000)).toEqual({ rate: 0.5, passes: 2, fails: 2 });
  });

  it('gauge keeps the last value with min and max', () => {
    const g = new GaugeSink();
    for (const v of [3, 9, 1, 4]) g.add(v);
    expect(sinkValues(g, [], 1000)).toEqual({ value: 4, min: 1, max: 9 });
  });
});

describe('sub-metrics', () => {
  it('parses k6 metric keys with tag filters', () => {
    expect(parseMetricKey('http_req_duration{name:lock}')).toEqual({
      name: 'http_req_duration',
      filter: [['name', 'lock']],
    });
    expect(parseMetricKey('http_reqs{ status:200 , scenario: "x y" }')).toEqual({
      name: 'http_reqs',
      filter: [
        ['status', '200'],
        ['scenario', 'x y'],
      ],
    });
    expect(() => parseMetricKey('x{name}')).toThrow(/no value/);
    expect(() => parseMetricKey('x{name:a')).toThrow(/missing/);
  });

  it('only samples whose tags match every filter reach a sub-metric', () => {
    const r = new Registry();
    const m = r.define('http_req_duration', 'trend', 'time');
    const lock = r.submetric('http_req_duration{name:lock,status:200}');
    expect(r.submetric('http_req_duration{name:lock, status:200}')).toBe(lock);
    r.add(m, 10, { name: 'lock', status: '200' });
    r.add(m, 20, { name: 'lock', status: '500' });
    r.add(m, 30, { name: 'offers', status: '200' });
    r.add(m, 40, { name: 'lock', status: '200', method: 'POST' });
    roll(r);
    expect((lock.sink as TrendSink).count).toBe(2);
    expect((lock.sink as TrendSink).max).toBe(40);
    expect((m.sink as TrendSink).count).toBe(4);
  });

  it('roll folds each second into the totals and clears the interval', () => {
    const r = new Registry();
    const m = r.define('t', 'trend');
    r.add(m, 1, null);
    roll(r);
    r.add(m, 3, null);
    expect((m.interval as TrendSink).count).toBe(1);
    roll(r);
    expect((m.interval as TrendSink).count).toBe(0);
    expect((m.sink as TrendSink).count).toBe(2);
    expect((m.sink as TrendSink).percentiles([100])[0]).toBeCloseTo(3, 3);
  });

  it('rejects a sub-metric of an unknown metric and a type clash', () => {
    const r = new Registry();
    r.define('a', 'counter');
    expect(() => r.submetric('nope{x:1}')).toThrow(/no metric name "nope"/);
    expect(() => r.define('a', 'trend')).toThrow(/already exists/);
  });
});
