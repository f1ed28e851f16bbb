import { parseDuration } from './duration.ts';
import type { Stage } from './scheduler.ts';

export type ExecutorType =
  | 'constant-arrival-rate'
  | 'ramping-arrival-rate'
  | 'constant-vus'
  | 'ramping-vus'
  | 'per-vu-iterations'
  | 'shared-iterations';

export interface Scenario {
  name: string;
  executor: ExecutorType;
  exec: string;
  startTimeMs: number;
  gracefulStopMs: number;
  env: Record<string, string>;
  tags: Record<string, string>;
  /** Regular run time; VU loops and schedules stop starting iterations after it. */
  durationMs: number;
  vus: number;
  iterations: number;
  rate: number;
  timeUnitMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
  startRate: number;
  startVUs: number;
  stages: Stage[];
}

export class ConfigError extends Error {}

// biome-ignore lint/suspicious/noExplicitAny: raw k6 options are untyped JSON
type Raw = Record<string, any>;

const DEFAULT_GRACEFUL_STOP = 30_000;
const DEFAULT_MAX_DURATION = 600_000;

function stagesOf(raw: unknown, where: string): Stage[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ConfigError(`${where}: stages must be a non-empty array`);
  return raw.map((s: Raw) => ({
    durationMs: parseDuration(s.duration, `${where} stage duration`),
    target: num(s.target, `${where} stage target`),
  }));
}

function num(v: unknown, what: string, dflt?: number): number {
  if (v === undefined || v === null) {
    if (dflt === undefined) throw new ConfigError(`${what} is required`);
    return dflt;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`invalid ${what}: ${String(v)}`);
  return n;
}

function scenarioFrom(name: string, raw: Raw): Scenario {
  const where = `scenario "${name}"`;
  const dur = (key: string, dflt?: number) =>
    raw[key] === undefined
      ? dflt === undefined
        ? (() => {
            throw new ConfigError(`${where}: ${key} is required`);
          })()
        : dflt
      : parseDuration(raw[key], `${where} ${key}`);
  const base: Scenario = {
    name,
    executor: raw.executor,
    exec: typeof raw.exec === 'string' ? raw.exec : 'default',
    startTimeMs: dur('startTime', 0),
    gracefulStopMs: dur('gracefulStop', DEFAULT_GRACEFUL_STOP),
    env: { ...(raw.env ?? {}) },
    tags: { ...(raw.tags ?? {}) },
    durationMs: 0,
    vus: 0,
    iterations: 0,
    rate: 0,
    timeUnitMs: 1000,
    preAllocatedVUs: 0,
    maxVUs: 0,
    startRate: 0,
    startVUs: 0,
    stages: [],
  };
  switch (raw.executor) {
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      base.timeUnitMs = dur('timeUnit', 1000);
      base.preAllocatedVUs = num(raw.preAllocatedVUs, `${where} preAllocatedVUs`);
      base.maxVUs = Math.max(num(raw.maxVUs, `${where} maxVUs`, base.preAllocatedVUs), base.preAllocatedVUs);
      if (raw.executor === 'constant-arrival-rate') {
        base.rate = num(raw.rate, `${where} rate`);
        base.durationMs = dur('duration');
      } else {
        base.startRate = num(raw.startRate, `${where} startRate`, 0);
        base.stages = stagesOf(raw.stages, where);
        base.durationMs = base.stages.reduce((a, s) => a + s.durationMs, 0);
      }
      break;
    }
    case 'constant-vus':
      base.vus = num(raw.vus, `${where} vus`, 1);
      base.durationMs = dur('duration');
      break;
    case 'ramping-vus':
      base.startVUs = num(raw.startVUs, `${where} startVUs`, 1);
      base.stages = stagesOf(raw.stages, where);
      base.durationMs = base.stages.reduce((a, s) => a + s.durationMs, 0);
      base.maxVUs = Math.max(base.startVUs, ...base.stages.map((s) => s.target));
      break;
    case 'per-vu-iterations':
    case 'shared-iterations':
      base.vus = num(raw.vus, `${where} vus`, 1);
      base.iterations = num(raw.iterations, `${where} iterations`, 1);
      base.durationMs = dur('maxDuration', DEFAULT_MAX_DURATION);
      if (raw.executor === 'shared-iterations' && base.iterations < base.vus) base.vus = base.iterations;
      break;
    default:
      throw new ConfigError(`${where}: executor "${String(raw.executor)}" is not supported by the embedded engine`);
  }
  return base;
}

/** Turns k6 options (scenarios or the vus/duration/iterations/stages shortcuts) into scenarios. */
export function scenariosFrom(options: Raw): Scenario[] {
  if (options.scenarios && Object.keys(options.scenarios).length > 0) {
    if (options.duration !== undefined || options.iterations !== undefined || options.stages !== undefined) {
      throw new ConfigError(
        'using multiple execution config shortcuts (duration, iterations, stages) together with scenarios is not allowed',
      );
    }
    return Object.entries(options.scenarios as Record<string, Raw>).map(([name, raw]) => scenarioFrom(name, raw));
  }
  // Same precedence as k6's execution config shortcuts.
  if (options.stages !== undefined) {
    return [scenarioFrom('default', { executor: 'ramping-vus', startVUs: options.vus ?? 1, stages: options.stages })];
  }
  if (options.iterations !== undefined) {
    const raw: Raw = { executor: 'shared-iterations', vus: options.vus ?? 1, iterations: options.iterations };
    if (options.duration !== undefined) raw.maxDuration = options.duration;
    return [scenarioFrom('default', raw)];
  }
  if (options.duration !== undefined && parseDuration(options.duration) > 0) {
    return [scenarioFrom('default', { executor: 'constant-vus', vus: options.vus ?? 1, duration: options.duration })];
  }
  return [scenarioFrom('default', { executor: 'shared-iterations', vus: 1, iterations: 1 })];
}

/** Most VUs the scenario may ever hold; sizes the HTTP connection pool. */
export function peakVUs(s: Scenario): number {
  return Math.max(s.vus, s.maxVUs, s.startVUs, 1);
}
