import { describe, expect, it } from 'vitest';
import {
  expectedIterations,
  optionsFromEnv,
  ProfileError,
  parseDurationSeconds,
  peakRate,
  settingsFromEnv,
  sloEnvName,
  slosFromEnv,
  thresholdsFrom,
  vuSizing,
  vuSizingFromEnv,
} from '../lib/profiles.ts';

describe('settingsFromEnv', () => {
  it('defaults to the load profile: 200 flows/s for 30 s', () => {
    expect(settingsFromEnv({})).toEqual({ profile: 'load', rate: 200, durationS: 30, latencyMs: 50 });
  });

  it('takes PROFILE, RATE, DURATION and LATENCY_MS from env', () => {
    const s = settingsFromEnv({ PROFILE: 'soak', RATE: '12', DURATION: '1h30m', LATENCY_MS: '400' });
    expect(s).toEqual({ profile: 'soak', rate: 12, durationS: 5400, latencyMs: 400 });
  });
  it('refuses a fractional RATE, which k6 would refuse as a rate', () => {
    expect(() => settingsFromEnv({ RATE: '12.5' })).toThrow(/RATE must be a whole number/);
  });

  it('names the variable and the bad value', () => {
    expect(() => settingsFromEnv({ PROFILE: 'party' })).toThrow(
      /PROFILE must be one of smoke, load, stress, spike, soak, got "party"/,
    );
    expect(() => settingsFromEnv({ RATE: '-3' })).toThrow(/RATE must be a positive number, got "-3"/);
    expect(() => settingsFromEnv({ DURATION: '5 minutes' })).toThrow(ProfileError);
  });
});

describe('parseDurationSeconds', () => {
  it('reads k6-style durations and bare seconds', () => {
    expect(parseDurationSeconds('30s')).toBe(30);
    expect(parseDurationSeconds('2m')).toBe(120);
    expect(parseDurationSeconds('1h1m1s')).toBe(3661);
    expect(parseDurationSeconds('1500ms')).toBe(1.5);
    expect(parseDurationSeconds('45')).toBe(45);
  });
  it('rejects text with anything else in it', () => {
    expect(() => parseDurationSeconds('30sx')).toThrow(/DURATION must be a duration/);
  });
});

describe('vuSizing (Little: flows in flight = rate × flow time)', () => {
  it('preallocates every flow in flight at the p99 SLO, plus one, and allows twice that', () => {
    expect(vuSizing(200, 50, 1500)).toEqual({ preAllocatedVUs: 301, maxVUs: 602 });
  });
  it('takes the expected latency when it is above the SLO', () => {
    expect(vuSizing(10, 2000, 100)).toEqual({ preAllocatedVUs: 21, maxVUs: 42 });
    expect(vuSizing(1, 10, 100)).toEqual({ preAllocatedVUs: 2, maxVUs: 4 });
  });
  it('PRE_ALLOCATED_VUS and MAX_VUS set them by hand, and must be whole and in order', () => {
    const s = settingsFromEnv({ RATE: '100' });
    const slo = slosFromEnv({});
    expect(vuSizingFromEnv({ PRE_ALLOCATED_VUS: '50' }, s, slo)).toEqual({ preAllocatedVUs: 50, maxVUs: 100 });
    expect(vuSizingFromEnv({ PRE_ALLOCATED_VUS: '50', MAX_VUS: '50' }, s, slo)).toEqual({
      preAllocatedVUs: 50,
      maxVUs: 50,
    });
    expect(() => vuSizingFromEnv({ PRE_ALLOCATED_VUS: '1.5' }, s, slo)).toThrow(/whole number/);
    expect(() => vuSizingFromEnv({ PRE_ALLOCATED_VUS: '9', MAX_VUS: '8' }, s, slo)).toThrow(/must not be below/);
  });
});

describe('the sizing keeps k6 from dropping', () => {
  /**
   * k6's rule (constant_arrival_rate.go): an arrival with no free VU is dropped. Replays a profile's arrivals
   * against flows that all take the SLO's p99 and counts what k6 would drop with the sized preallocation.
   */
  function dropsAt(rate: number, flowMs: number, vus: number, seconds = 5): number {
    const busyUntil: number[] = Array.from({ length: vus }, () => 0);
    let dropped = 0;
    for (let i = 0; i < rate * seconds; i++) {
      const t = (i * 1000) / rate;
      const free = busyUntil.findIndex((until) => until <= t);
      if (free < 0) dropped++;
      else busyUntil[free] = t + flowMs;
    }
    return dropped;
  }

  it.each([
    ['smoke', {}],
    ['load', {}],
    ['load', { RATE: '800', LATENCY_MS: '300' }],
    ['soak', { SLO_FLOW_P99_MS: '900' }],
  ])('%s %j: no drop with every flow at the p99 SLO; with fewer VUs than flows in flight, drops', (PROFILE, extra) => {
    const env = { PROFILE, ...extra } as Record<string, string>;
    const s = settingsFromEnv(env);
    const slo = slosFromEnv(env);
    const { preAllocatedVUs } = vuSizing(peakRate(s), s.latencyMs, slo.flowP99Ms);
    expect(dropsAt(peakRate(s), slo.flowP99Ms, preAllocatedVUs)).toBe(0);
    expect(dropsAt(peakRate(s), slo.flowP99Ms, preAllocatedVUs - 2)).toBeGreaterThan(0);
  });
});

describe('optionsFromEnv', () => {
  it('load is an open model: constant-arrival-rate sized from the env', () => {
    const o = optionsFromEnv({
      PROFILE: 'load',
      RATE: '100',
      DURATION: '20s',
      LATENCY_MS: '200',
      SLO_FLOW_P99_MS: '1000',
    });
    expect(o.scenarios?.redemption).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 100,
      timeUnit: '1s',
      duration: '20s',
      preAllocatedVUs: 101,
      maxVUs: 202,
    });
  });

  it('stress ramps to twice the rate, spike jumps to five times it; both sized for the peak', () => {
    const stress = settingsFromEnv({ PROFILE: 'stress', RATE: '50', DURATION: '100s' });
    const spike = settingsFromEnv({ PROFILE: 'spike', RATE: '50', DURATION: '100s' });
    expect(peakRate(stress)).toBe(100);
    expect(peakRate(spike)).toBe(250);
    const o = optionsFromEnv({ PROFILE: 'spike', RATE: '50', DURATION: '100s' });
    const sc = o.scenarios?.redemption;
    expect(sc?.executor).toBe('ramping-arrival-rate');
    if (sc?.executor !== 'ramping-arrival-rate') throw new Error('unreachable');
    expect(Math.max(...sc.stages.map((s) => s.target))).toBe(250);
    expect(sc.stages.reduce((a, s) => a + parseDurationSeconds(s.duration), 0)).toBe(100);
    expect(sc.maxVUs).toBe(vuSizing(250, 50, 1500).maxVUs);
  });

  it('every profile is valid k6 options with thresholds and p99 in the summary', () => {
    for (const PROFILE of ['smoke', 'load', 'stress', 'spike', 'soak']) {
      const o = optionsFromEnv({ PROFILE });
      expect(Object.keys(o.scenarios ?? {})).toEqual(['redemption']);
      expect(o.summaryTrendStats).toContain('p(99)');
      expect(o.thresholds?.dropped_iterations).toEqual(['count<1']);
    }
  });
});

describe('thresholds', () => {
  it('are the SLOs on the hot path, each overridable by env', () => {
    expect(sloEnvName('lockP95Ms')).toBe('SLO_LOCK_P95_MS');
    expect(sloEnvName('httpFailedRate')).toBe('SLO_HTTP_FAILED_RATE');
    const t = thresholdsFrom(slosFromEnv({ SLO_LOCK_P95_MS: '80', SLO_REDEEM_P99_MS: '900', SLO_CHECKS_RATE: '0.95' }));
    expect(t['http_req_duration{name:lock}']).toEqual(['p(95)<80', 'p(99)<500']);
    expect(t['http_req_duration{name:redeem}']).toEqual(['p(95)<250', 'p(99)<900']);
    expect(t.redemption_flow_duration).toEqual(['p(95)<750', 'p(99)<1500']);
    // Hot path only: issue, set-up and teardown requests and checks have phases of their own.
    expect(t['http_req_failed{phase:flow}']).toEqual(['rate<0.01']);
    expect(t['checks{phase:flow}']).toEqual(['rate>=0.95']);
    expect(t.http_req_failed).toBeUndefined();
    expect(t.redemption_offer_issued).toEqual(['rate>=0.99']);
    expect(t.dropped_iterations).toEqual(['count<1']);
  });

  it('rejects a share above 1', () => {
    expect(() => slosFromEnv({ SLO_HTTP_FAILED_RATE: '5' })).toThrow(/SLO_HTTP_FAILED_RATE is a share between 0 and 1/);
  });
});

describe('expectedIterations', () => {
  it('counts the area under the rate curve', () => {
    expect(expectedIterations(settingsFromEnv({ PROFILE: 'load' }))).toBe(6000);
    // stress at 10/s over 100 s: ramp 0→10 (20 s), hold (20 s), 10→20 (20 s), hold 20 (30 s), 20→0 (10 s)
    expect(expectedIterations(settingsFromEnv({ PROFILE: 'stress', RATE: '10', DURATION: '100s' }))).toBe(
      100 + 200 + 300 + 600 + 100,
    );
  });
});
