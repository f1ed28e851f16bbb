// Load profiles and SLO thresholds as k6 options, built from env. Pure: imported by k6 scripts and by Node (runLoad).
import type { Options, Scenario, Stage } from 'k6/options';
import { knownCauseTags } from '../../client/causes.ts';
import { errorsWithCode, inPhase, metric, phases, step, stepDuration, trackingThreshold } from './names.ts';

export type Env = Record<string, string | undefined>;

export const profileNames = ['smoke', 'load', 'stress', 'spike', 'soak'] as const;
export type ProfileName = (typeof profileNames)[number];

/** RATE is flows (iterations) per second; each flow is three requests: lookup, lock, redeem. */
const defaults: Record<ProfileName, { rate: number; durationS: number; purpose: string }> = {
  smoke: { rate: 5, durationS: 10, purpose: 'does the flow work at all' },
  load: { rate: 200, durationS: 30, purpose: 'the expected peak hour, open model' },
  stress: { rate: 200, durationS: 300, purpose: 'ramp to twice the load rate and hold' },
  spike: { rate: 100, durationS: 120, purpose: 'a sudden jump to five times the rate' },
  soak: { rate: 100, durationS: 3600, purpose: 'the load rate for an hour: leaks, drift' },
};

export const stressPeakFactor = 2;
export const spikePeakFactor = 5;

export class ProfileError extends Error {
  override name = 'ProfileError';
}

export interface ProfileSettings {
  profile: ProfileName;
  /** Base rate in flows per second. */
  rate: number;
  durationS: number;
  /** Expected duration of one flow, for VU sizing (LATENCY_MS). */
  latencyMs: number;
}

/** "30s", "5m", "1h30m", "500ms" or a bare number of seconds → seconds. */
export function parseDurationSeconds(text: string, name = 'DURATION'): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 } as const;
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new ProfileError(`${name} must be a duration such as 30s, 5m or 1h30m, got "${text}"`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ProfileError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function settingsFromEnv(env: Env): ProfileSettings {
  const profile = (env.PROFILE?.trim() || 'load') as ProfileName;
  if (!profileNames.includes(profile)) {
    throw new ProfileError(`PROFILE must be one of ${profileNames.join(', ')}, got "${env.PROFILE}"`);
  }
  const base = defaults[profile];
  const durationS = env.DURATION?.trim() ? parseDurationSeconds(env.DURATION) : base.durationS;
  if (durationS < 1) throw new ProfileError(`DURATION must be at least 1s, got "${env.DURATION}"`);
  const rate = positive(env, 'RATE', base.rate);
  // k6 reads rate, startRate and stage targets as integers (guregu/null.v3 Int): 12.5 would be refused.
  if (!Number.isInteger(rate))
    throw new ProfileError(`RATE must be a whole number of flows per second, got "${env.RATE}"`);
  return {
    profile,
    rate,
    durationS,
    latencyMs: positive(env, 'LATENCY_MS', 50),
  };
}

/** The arrival-rate shape: start rate and stages (a constant profile is one flat stage). */
export function shapeOf(s: ProfileSettings): { startRate: number; stages: { seconds: number; target: number }[] } {
  const d = s.durationS;
  const part = (fraction: number) => Math.max(1, Math.round(d * fraction));
  const r = s.rate;
  switch (s.profile) {
    case 'stress': {
      const peak = r * stressPeakFactor;
      return {
        startRate: 0,
        stages: [
          { seconds: part(0.2), target: r },
          { seconds: part(0.2), target: r },
          { seconds: part(0.2), target: peak },
          { seconds: part(0.3), target: peak },
          { seconds: part(0.1), target: 0 },
        ],
      };
    }
    case 'spike': {
      const peak = r * spikePeakFactor;
      return {
        startRate: r,
        stages: [
          { seconds: part(0.3), target: r },
          { seconds: part(0.05), target: peak },
          { seconds: part(0.25), target: peak },
          { seconds: part(0.05), target: r },
          { seconds: part(0.35), target: r },
        ],
      };
    }
    default:
      return { startRate: r, stages: [{ seconds: d, target: r }] };
  }
}

export function peakRate(s: ProfileSettings): number {
  const shape = shapeOf(s);
  return Math.max(shape.startRate, ...shape.stages.map((st) => st.target));
}

/** Iterations the schedule starts: the area under the rate curve. */
export function expectedIterations(s: ProfileSettings): number {
  const shape = shapeOf(s);
  let from = shape.startRate;
  let total = 0;
  for (const st of shape.stages) {
    total += ((from + st.target) / 2) * st.seconds;
    from = st.target;
  }
  return Math.ceil(total);
}

/**
 * VU sizing for k6's arrival-rate executors (grafana/k6 v1.8.1 lib/executor/constant_arrival_rate.go): an iteration
 * starts only on a free, already initialised VU; with none free k6 drops it and initialises ONE more VU in the
 * background, so every VU past preAllocatedVUs costs at least one dropped iteration, and `dropped_iterations:
 * count<1` fails the run. Arrivals come 1/rate apart, so with flows of time W there are at most
 * ceil(rate × W) + 1 in flight (Little's law, plus the one starting as another ends).
 *
 * preAllocatedVUs = ceil(peak × max(LATENCY_MS, SLO_FLOW_P99_MS) / 1000) + 1: every flow in flight while the target
 * answers as slowly as its p99 SLO allows. A run that drops then has flows slower than its SLO already, so the
 * generator's sizing never decides the verdict. maxVUs = 2 × preAllocatedVUs lets k6 keep the rate through a tail
 * past the SLO (still counted as drops). PRE_ALLOCATED_VUS and MAX_VUS set them by hand.
 */
export function vuSizing(
  peak: number,
  latencyMs: number,
  flowP99Ms: number,
): { preAllocatedVUs: number; maxVUs: number } {
  const preAllocatedVUs = Math.ceil((peak * Math.max(latencyMs, flowP99Ms)) / 1000) + 1;
  return { preAllocatedVUs, maxVUs: 2 * preAllocatedVUs };
}

function wholeNumber(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ProfileError(`${name} must be a whole number above 0, got "${raw}"`);
  return n;
}

/** vuSizing, or PRE_ALLOCATED_VUS / MAX_VUS from env (maxVUs defaults to twice the preallocation, never below it). */
export function vuSizingFromEnv(env: Env, s: ProfileSettings, slo: Slos): { preAllocatedVUs: number; maxVUs: number } {
  const sized = vuSizing(peakRate(s), s.latencyMs, slo.flowP99Ms);
  const pre = wholeNumber(env, 'PRE_ALLOCATED_VUS');
  const max = wholeNumber(env, 'MAX_VUS');
  const preAllocatedVUs = pre ?? (max !== undefined ? Math.min(max, sized.preAllocatedVUs) : sized.preAllocatedVUs);
  const maxVUs = max ?? Math.max(pre !== undefined ? 2 * pre : sized.maxVUs, preAllocatedVUs);
  if (maxVUs < preAllocatedVUs) {
    throw new ProfileError(`MAX_VUS (${maxVUs}) must not be below PRE_ALLOCATED_VUS (${preAllocatedVUs})`);
  }
  return { preAllocatedVUs, maxVUs };
}

export interface Slos {
  lookupP95Ms: number;
  lookupP99Ms: number;
  lockP95Ms: number;
  lockP99Ms: number;
  redeemP95Ms: number;
  redeemP99Ms: number;
  flowP95Ms: number;
  flowP99Ms: number;
  /** Highest share of failed requests. */
  httpFailedRate: number;
  /** Lowest share of passed checks. */
  checksRate: number;
  /** Lowest share of flows that ended redeemed. */
  redeemedRate: number;
}

/** Defaults for a healthy service; env SLO_* overrides each. */
const sloDefaults: Slos = {
  lookupP95Ms: 250,
  lookupP99Ms: 500,
  lockP95Ms: 250,
  lockP99Ms: 500,
  redeemP95Ms: 250,
  redeemP99Ms: 500,
  flowP95Ms: 750,
  flowP99Ms: 1500,
  httpFailedRate: 0.01,
  checksRate: 0.99,
  redeemedRate: 0.99,
};

/** lockP95Ms → SLO_LOCK_P95_MS */
export const sloEnvName = (key: keyof Slos) => `SLO_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

export function slosFromEnv(env: Env): Slos {
  const out = { ...sloDefaults };
  for (const key of Object.keys(sloDefaults) as (keyof Slos)[]) out[key] = positive(env, sloEnvName(key), out[key]);
  for (const key of ['httpFailedRate', 'checksRate', 'redeemedRate'] as const) {
    if (out[key] > 1) throw new ProfileError(`${sloEnvName(key)} is a share between 0 and 1, got ${out[key]}`);
  }
  return out;
}

/** At least this share of flows must get their own offer issued, or the run measured too little to judge. */
export const issuedRate = 0.99;

/** The `code` tags of redemption_errors that get a sub-metric in the summary (`trackingThreshold`): each cause the suite knows. */
export const errorCodeTags = knownCauseTags();

/** The SLOs as k6 thresholds; a failed one makes the run exit 99. */
export function thresholdsFrom(slo: Slos): NonNullable<Options['thresholds']> {
  return {
    [stepDuration(step.lookup)]: [`p(95)<${slo.lookupP95Ms}`, `p(99)<${slo.lookupP99Ms}`],
    [stepDuration(step.lock)]: [`p(95)<${slo.lockP95Ms}`, `p(99)<${slo.lockP99Ms}`],
    [stepDuration(step.redeem)]: [`p(95)<${slo.redeemP95Ms}`, `p(99)<${slo.redeemP99Ms}`],
    [metric.flowDuration]: [`p(95)<${slo.flowP95Ms}`, `p(99)<${slo.flowP99Ms}`],
    [metric.flowRedeemed]: [`rate>=${slo.redeemedRate}`],
    [inPhase('http_req_failed', 'flow')]: [`rate<${slo.httpFailedRate}`],
    [inPhase('checks', 'flow')]: [`rate>=${slo.checksRate}`],
    // A generator that could not start iterations on time must not pass.
    dropped_iterations: ['count<1'],
    // Nor a run whose flows did not get their offers: it measured too little.
    [metric.offerIssued]: [`rate>=${issuedRate}`],
    ...Object.fromEntries(errorCodeTags.map((code) => [errorsWithCode(code), [trackingThreshold]])),
    // Requests per phase, so reports count the hot path apart (requests = 3 × flows ± retries).
    ...Object.fromEntries(phases.map((phase) => [inPhase('http_reqs', phase), [trackingThreshold]])),
  };
}

export function scenarioFrom(s: ProfileSettings, slo: Slos, env: Env = {}): Scenario {
  const sizing = vuSizingFromEnv(env, s, slo);
  const tags = { profile: s.profile };
  const shape = shapeOf(s);
  if (shape.stages.length === 1) {
    return {
      executor: 'constant-arrival-rate',
      rate: s.rate,
      timeUnit: '1s',
      duration: `${s.durationS}s`,
      ...sizing,
      tags,
    };
  }
  const stages: Stage[] = shape.stages.map((st) => ({ duration: `${st.seconds}s`, target: st.target }));
  return { executor: 'ramping-arrival-rate', startRate: shape.startRate, timeUnit: '1s', stages, ...sizing, tags };
}

/** The whole k6 options object for a run. */
export function optionsFromEnv(env: Env): Options {
  const settings = settingsFromEnv(env);
  const slo = slosFromEnv(env);
  return {
    scenarios: { redemption: scenarioFrom(settings, slo, env) },
    thresholds: thresholdsFrom(slo),
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
    // Set-up is O(members), whatever the duration: at SETUP_CONCURRENCY 20 and 100 ms a call, 10 minutes
    // prepare about 40,000 members per instance (load/README.md "Test data").
    setupTimeout: '10m',
    teardownTimeout: '5m',
  };
}

export function describeProfile(s: ProfileSettings): string {
  const shape = shapeOf(s);
  const peak = peakRate(s);
  const what = shape.stages.length === 1 ? `${s.rate} flows/s` : `${shape.startRate}→${peak} flows/s (peak)`;
  return `${s.profile} (${defaults[s.profile].purpose}): ${what} for ${s.durationS}s, about ${expectedIterations(s)} flows, ${Math.round(peak * 3)} requests/s at peak`;
}
