// k6 options → scenarios, parsed and validated as grafana/k6 v1.8.1 does: null.Int fields (guregu/null.v3, so a
// fraction is refused), types.NullDuration (lib/types), DeriveScenariosFromShortcuts
// (lib/executor/execution_config_shortcuts.go) and each executor config's Validate() (lib/executor/*.go).
import { parseK6DurationMs } from './duration.ts';
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

/** Invalid options: k6's exit code 104. */
export class ConfigError extends Error {}

// biome-ignore lint/suspicious/noExplicitAny: raw k6 options are untyped JSON
type Raw = Record<string, any>;

const DEFAULT_GRACEFUL_STOP = 30_000;
const DEFAULT_MAX_DURATION = 600_000;
/** constant_vus.go minDuration: duration and maxDuration must be at least 1 s. */
const MIN_DURATION = 1000;
const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;

const goType = (v: unknown) => (typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : typeof v);

/** A null.Int field: an integer (or integer string), as json.Unmarshal into int64 takes it. */
function int(v: unknown, key: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const problem = (why: string) =>
    new ConfigError(`parsing options from script got error while parsing "${key}": ${JSON.stringify(v)}: ${why}`);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw problem(`json: cannot unmarshal number ${v} into Go value of type int64`);
    return v;
  }
  if (typeof v === 'string') {
    if (v === '') return undefined;
    if (!/^[+-]?\d+$/.test(v)) throw problem(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
    return Number(v);
  }
  throw problem(`json: cannot unmarshal ${goType(v)} into Go value of type null.Int`);
}

/** A types.NullDuration field: a Go duration string ("1m30s", "2d") or a number of milliseconds. */
function dur(v: unknown, key: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  try {
    return parseK6DurationMs(v);
  } catch (e) {
    throw new ConfigError(`parsing options from script got error while parsing "${key}": ${(e as Error).message}`);
  }
}

function stagesOf(raw: unknown, key: string): { stages: Stage[]; errors: string[] } {
  const errors: string[] = [];
  if (!Array.isArray(raw) || raw.length === 0)
    return { stages: [], errors: ['at least one stage has to be specified'] };
  const stages = raw.map((s: Raw, i) => {
    const n = i + 1;
    const d = dur(s?.duration, `${key}[${i}].duration`);
    const t = int(s?.target, `${key}[${i}].target`);
    if (d === undefined) errors.push(`stage ${n} doesn't have a duration`);
    else if (d < 0) errors.push(`the duration for stage ${n} can't be negative`);
    if (t === undefined) errors.push(`stage ${n} doesn't have a target`);
    else if (t < 0) errors.push(`the target for stage ${n} can't be negative`);
    return { durationMs: Math.max(0, d ?? 0), target: Math.max(0, t ?? 0) };
  });
  return { stages, errors };
}

const fmtDur = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** One scenario, with the problems k6's Validate() would report for it. */
function scenarioFrom(name: string, raw: Raw): { scenario: Scenario; errors: string[] } {
  const errors: string[] = [];
  const k = (f: string) => `scenarios.${name}.${f}`;
  if (!SCENARIO_NAME.test(name)) {
    errors.push('the scenario name should contain only numbers, latin letters, underscores, and dashes');
  }
  if (raw.exec !== undefined && raw.exec !== null && String(raw.exec) === '') errors.push('exec value cannot be empty');
  const s: Scenario = {
    name,
    executor: raw.executor,
    exec: typeof raw.exec === 'string' && raw.exec !== '' ? raw.exec : 'default',
    startTimeMs: dur(raw.startTime, k('startTime')) ?? 0,
    gracefulStopMs: dur(raw.gracefulStop, k('gracefulStop')) ?? DEFAULT_GRACEFUL_STOP,
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
  if (s.startTimeMs < 0) errors.push("the startTime can't be negative");
  if (s.gracefulStopMs < 0) errors.push("the gracefulStop timeout can't be negative");
  const minDuration = (field: string, ms: number | undefined) => {
    if (ms === undefined) errors.push(`the ${field} is unspecified`);
    else if (ms < MIN_DURATION) errors.push(`the ${field} must be at least 1s, but is ${fmtDur(ms)}`);
  };
  switch (raw.executor) {
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      s.timeUnitMs = dur(raw.timeUnit, k('timeUnit')) ?? 1000;
      if (s.timeUnitMs <= 0) errors.push('the timeUnit must be more than 0');
      const pre = int(raw.preAllocatedVUs, k('preAllocatedVUs'));
      const max = int(raw.maxVUs, k('maxVUs'));
      if (pre === undefined) errors.push("the number of preAllocatedVUs isn't specified");
      else if (pre < 0) errors.push("the number of preAllocatedVUs can't be negative");
      s.preAllocatedVUs = Math.max(0, pre ?? 0);
      if (max !== undefined && max < s.preAllocatedVUs) errors.push("maxVUs can't be less than preAllocatedVUs");
      s.maxVUs = Math.max(max ?? s.preAllocatedVUs, s.preAllocatedVUs);
      if (raw.executor === 'constant-arrival-rate') {
        const rate = int(raw.rate, k('rate'));
        if (rate === undefined) errors.push("the iteration rate isn't specified");
        else if (rate <= 0) errors.push('the iteration rate must be more than 0');
        s.rate = Math.max(0, rate ?? 0);
        const d = dur(raw.duration, k('duration'));
        minDuration('duration', d);
        s.durationMs = Math.max(0, d ?? 0);
      } else {
        const start = int(raw.startRate, k('startRate')) ?? 0;
        if (start < 0) errors.push("the startRate value can't be negative");
        s.startRate = Math.max(0, start);
        const st = stagesOf(raw.stages, k('stages'));
        errors.push(...st.errors);
        s.stages = st.stages;
        s.durationMs = s.stages.reduce((a, x) => a + x.durationMs, 0);
      }
      break;
    }
    case 'constant-vus': {
      s.vus = int(raw.vus, k('vus')) ?? 1;
      if (s.vus <= 0) errors.push('the number of VUs must be more than 0');
      const d = dur(raw.duration, k('duration'));
      minDuration('duration', d);
      s.durationMs = Math.max(0, d ?? 0);
      break;
    }
    case 'ramping-vus': {
      s.startVUs = int(raw.startVUs, k('startVUs')) ?? 1;
      if (s.startVUs < 0) errors.push("the number of start VUs can't be negative");
      const st = stagesOf(raw.stages, k('stages'));
      s.stages = st.stages;
      if (Math.max(s.startVUs, ...s.stages.map((x) => x.target)) <= 0) {
        errors.push("either startVUs or one of the stages' target values must be greater than 0");
      }
      errors.push(...st.errors);
      s.durationMs = s.stages.reduce((a, x) => a + x.durationMs, 0);
      s.maxVUs = Math.max(s.startVUs, ...s.stages.map((x) => x.target));
      break;
    }
    case 'per-vu-iterations':
    case 'shared-iterations': {
      s.vus = int(raw.vus, k('vus')) ?? 1;
      s.iterations = int(raw.iterations, k('iterations')) ?? 1;
      s.durationMs = dur(raw.maxDuration, k('maxDuration')) ?? DEFAULT_MAX_DURATION;
      if (s.vus <= 0) errors.push('the number of VUs must be more than 0');
      if (raw.executor === 'per-vu-iterations') {
        if (s.iterations <= 0) errors.push('the number of iterations must be more than 0');
      } else if (s.iterations < s.vus) {
        errors.push(`the number of iterations (${s.iterations}) can't be less than the number of VUs (${s.vus})`);
      }
      if (s.durationMs < MIN_DURATION)
        errors.push(`the maxDuration must be at least 1s, but is ${fmtDur(s.durationMs)}`);
      break;
    }
    case undefined:
    case null:
    case '':
      throw new ConfigError(`scenario '${name}' doesn't have a specified executor type`);
    default:
      throw new ConfigError(
        `scenario "${name}": executor "${String(raw.executor)}" is not supported by the embedded engine`,
      );
  }
  return { scenario: s, errors };
}

export interface ParsedScenarios {
  scenarios: Scenario[];
  /** k6's "scenario X has configuration errors: …" lines; empty when k6 would accept the options. */
  errors: string[];
  /** What k6 warns about while deriving them (e.g. a `vus` without duration/iterations/stages). */
  warnings: string[];
}

/** k6's DeriveScenariosFromShortcuts, then each scenario parsed and validated. */
export function parseScenarios(options: Raw): ParsedScenarios {
  const warnings: string[] = [];
  const vus = int(options.vus, 'vus');
  const iterations = int(options.iterations, 'iterations');
  const duration = dur(options.duration, 'duration');
  const hasStages = Array.isArray(options.stages) && options.stages.length > 0;
  const hasScenarios = options.scenarios !== undefined && options.scenarios !== null;
  let raws: Record<string, Raw>;
  const conflict = (a: string, b: string) =>
    new ConfigError(`using \`${a}\` and \`${b}\` options simultaneously is not allowed`);
  if (iterations !== undefined) {
    if (hasStages) throw conflict('iterations', 'stages');
    if (hasScenarios) throw conflict('iterations', 'scenarios');
    const raw: Raw = { executor: 'shared-iterations', vus: vus ?? 1, iterations };
    if (duration !== undefined) raw.maxDuration = duration;
    raws = { default: raw };
  } else if (duration !== undefined) {
    if (hasStages) throw conflict('duration', 'stages');
    if (hasScenarios) throw conflict('duration', 'scenarios');
    if (duration <= 0) {
      throw new ConfigError(
        '`duration` option should be more than 0, for infinite duration use the externally-controlled executor',
      );
    }
    raws = { default: { executor: 'constant-vus', vus: vus ?? 1, duration } };
  } else if (hasStages) {
    if (hasScenarios) throw conflict('stages', 'scenarios');
    raws = { default: { executor: 'ramping-vus', startVUs: vus ?? 1, stages: options.stages } };
  } else if (hasScenarios && Object.keys(options.scenarios).length > 0) {
    raws = options.scenarios;
  } else {
    if (vus !== undefined && vus !== 1) {
      warnings.push(
        `\`vus=${vus}\` option will be ignored, it only works in conjunction with \`iterations\`, \`duration\`, or \`stages\``,
      );
    }
    raws = { default: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } };
  }
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  for (const [name, raw] of Object.entries(raws)) {
    const r = scenarioFrom(name, raw ?? {});
    scenarios.push(r.scenario);
    if (r.errors.length > 0) errors.push(`scenario ${name} has configuration errors: ${r.errors.join(', ')}`);
  }
  return { scenarios, errors, warnings };
}

/** Scenarios from options, throwing k6's configuration errors as one ConfigError. */
export function scenariosFrom(options: Raw): Scenario[] {
  const { scenarios, errors } = parseScenarios(options);
  if (errors.length > 0) throw new ConfigError(configProblems(errors));
  return scenarios;
}

/** k6's consolidateErrorMessage, as cmd/config.go titles it. */
export function configProblems(errors: readonly string[]): string {
  return ['There were problems with the specified script configuration:', ...errors.map((e) => `\t- ${e}`)].join('\n');
}

/** Most VUs the scenario may ever hold; sizes the HTTP connection pool. */
export function peakVUs(s: Scenario): number {
  return Math.max(s.vus, s.maxVUs, s.startVUs, 1);
}
