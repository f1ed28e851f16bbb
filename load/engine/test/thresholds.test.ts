import { describe, expect, it } from 'vitest';
import { defineBuiltins, Registry, roll } from '../metrics/registry.ts';
import { buildThresholds, evaluateThresholds, parseThresholdExpr } from '../thresholds.ts';

function setup() {
  const r = new Registry();
  const m = defineBuiltins(r);
  return { r, m };
}

describe('threshold expressions', () => {
  it('parses k6 aggregation methods and operators', () => {
    expect(parseThresholdExpr('p(95)<200')).toEqual({ agg: 'p(95)', pct: 95, op: '<', value: 200 });
    expect(parseThresholdExpr(' p(99.9) <= 1.5 ')).toMatchObject({ agg: 'p(99.9)', pct: 99.9, op: '<=', value: 1.5 });
    expect(parseThresholdExpr('rate<0.01')).toMatchObject({ agg: 'rate', op: '<', value: 0.01 });
    expect(parseThresholdExpr('count>=1e3')).toMatchObject({ agg: 'count', op: '>=', value: 1000 });
    expect(parseThresholdExpr('value===3')).toMatchObject({ agg: 'value', op: '===' });
    expect(parseThresholdExpr('med!=2')).toMatchObject({ agg: 'med', op: '!=' });
    for (const bad of ['p95<200', 'foo<1', 'p(95)<', 'avg=>1', 'p(101)<1'])
      expect(() => parseThresholdExpr(bad)).toThrow();
  });

  it('accepts only the methods k6 allows per metric type', () => {
    const { r } = setup();
    expect(() => buildThresholds(r, { http_req_duration: ['rate<1'] })).toThrow(/not supported by the trend/);
    expect(() => buildThresholds(r, { http_reqs: ['p(95)<1'] })).toThrow(/not supported by the counter/);
    expect(() => buildThresholds(r, { http_req_failed: ['count<1'] })).toThrow(/not supported by the rate/);
    expect(() => buildThresholds(r, { vus: ['max<1'] })).toThrow(/not supported by the gauge/);
    expect(() => buildThresholds(r, { nope: ['count<1'] })).toThrow(/no metric name "nope"/);
    expect(() => buildThresholds(r, { http_reqs: ['count<1', 'rate>0'], vus: ['value<100'] })).not.toThrow();
  });
});

describe('threshold evaluation', () => {
  it('a tag filter limits the threshold to the matching samples', () => {
    const { r, m } = setup();
    const groups = buildThresholds(r, {
      'http_req_duration{name:lock}': ['p(95)<200'],
      http_req_duration: ['p(95)<200'],
    });
    for (let i = 0; i < 20; i++) r.add(m.http_req_duration, 100, { name: 'lock' });
    for (let i = 0; i < 20; i++) r.add(m.http_req_duration, 1000, { name: 'offers' });
    roll(r);
    const ev = evaluateThresholds(groups, 1000);
    expect(groups[0]?.thresholds[0]?.ok).toBe(true);
    expect(groups[1]?.thresholds[0]?.ok).toBe(false);
    expect(ev.failed).toHaveLength(1);
    expect(ev.abort).toBeNull();
  });

  it('evaluates rate, count, counter rate, avg/min/max/med and gauge value', () => {
    const { r, m } = setup();
    const groups = buildThresholds(r, {
      http_req_failed: ['rate<0.3', 'rate<0.2'],
      dropped_iterations: ['count<1'],
      http_reqs: ['rate>=5', 'count==10'],
      iteration_duration: ['avg==20', 'min==10', 'max==30', 'med>19.98', 'med<20.02'], // med from the histogram: ±0.05%
      vus: ['value==7'],
    });
    for (let i = 0; i < 10; i++) {
      r.add(m.http_req_failed, i < 2 ? 1 : 0, {});
      r.add(m.http_reqs, 1, {});
    }
    for (const v of [10, 20, 30]) r.add(m.iteration_duration, v, {});
    r.add(m.vus, 3, {});
    r.add(m.vus, 7, {});
    roll(r);
    evaluateThresholds(groups, 2000);
    const oks = groups.flatMap((g) => g.thresholds.map((t) => [`${g.key} ${t.source}`, t.ok]));
    expect(Object.fromEntries(oks)).toEqual({
      'http_req_failed rate<0.3': true,
      'http_req_failed rate<0.2': false, // 2/10 is not < 0.2
      'dropped_iterations count<1': true,
      'http_reqs rate>=5': true, // 10 over 2 s
      'http_reqs count==10': true,
      'iteration_duration avg==20': true,
      'iteration_duration min==10': true,
      'iteration_duration max==30': true,
      'iteration_duration med>19.98': true,
      'iteration_duration med<20.02': true,
      'vus value==7': true,
    });
  });

  it('abortOnFail asks for an abort only after delayAbortEval', () => {
    const { r, m } = setup();
    const groups = buildThresholds(r, {
      checks: [{ threshold: 'rate>0.99', abortOnFail: true, delayAbortEval: '5s' }],
    });
    r.add(m.checks, 0, {});
    roll(r);
    expect(evaluateThresholds(groups, 1000).abort).toBeNull();
    const ev = evaluateThresholds(groups, 6000);
    expect(ev.abort?.key).toBe('checks');
    expect(ev.abort?.threshold.source).toBe('rate>0.99');
  });

  it('a failing threshold without abortOnFail never aborts', () => {
    const { r, m } = setup();
    const groups = buildThresholds(r, { checks: ['rate>0.99'] });
    r.add(m.checks, 0, {});
    roll(r);
    const ev = evaluateThresholds(groups, 60_000);
    expect(ev.failed).toHaveLength(1);
    expect(ev.abort).toBeNull();
  });
});
