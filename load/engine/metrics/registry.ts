import { type MetricType, mergeSink, newSink, type Sink } from './sinks.ts';

export type Contains = 'default' | 'time' | 'data';
export type Tags = Record<string, string>;

/**
 * Samples land in `interval` only; `roll()` folds it into the cumulative `sink`
 * once a second, which halves histogram work per sample. Read `sink` after a roll.
 */

/** A view over a parent metric restricted to samples whose tags match all filters. */
export class SubMetric {
  readonly sink: Sink;
  readonly interval: Sink;
  constructor(
    readonly name: string,
    readonly parent: Metric,
    readonly filter: readonly (readonly [string, string])[],
  ) {
    this.sink = newSink(parent.type);
    this.interval = newSink(parent.type);
  }
  matches(tags: Tags): boolean {
    for (const [k, v] of this.filter) if (tags[k] !== v) return false;
    return true;
  }
}

export class Metric {
  readonly sink: Sink;
  readonly interval: Sink;
  readonly submetrics: SubMetric[] = [];
  observed = false;
  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly contains: Contains,
  ) {
    this.sink = newSink(type);
    this.interval = newSink(type);
  }
}

export type SampleListener = (metric: Metric, value: number, tags: Tags | null) => void;

/**
 * Copies tag sets with a for-in loop: in Node 20, `{ ...tags, k: v }` on these
 * objects costs microseconds (a V8 slow path), a hundred times this.
 */
export function copyTags(base: Tags, extra?: Tags | null): Tags {
  const t: Tags = {};
  for (const k in base) t[k] = base[k] as string;
  if (extra) for (const k in extra) t[k] = extra[k] as string;
  return t;
}

const NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_.-]{0,127}$/;

/** Splits `http_req_duration{name:lock, status:200}` into name and tag filters (k6 syntax). */
export function parseMetricKey(key: string): { name: string; filter: [string, string][] } {
  const open = key.indexOf('{');
  if (open < 0) return { name: key.trim(), filter: [] };
  if (!key.trimEnd().endsWith('}')) throw new Error(`invalid metric key "${key}": missing }`);
  const name = key.slice(0, open).trim();
  const body = key.slice(open + 1, key.trimEnd().length - 1);
  const filter: [string, string][] = [];
  for (const part of body.split(',')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    if (colon < 0) throw new Error(`invalid metric key "${key}": tag "${part.trim()}" has no value`);
    const k = part.slice(0, colon).trim();
    const v = part
      .slice(colon + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    filter.push([k, v]);
  }
  if (filter.length === 0) throw new Error(`invalid metric key "${key}": empty tag set`);
  return { name, filter };
}

export class Registry {
  readonly metrics = new Map<string, Metric>();
  private listener: SampleListener | null = null;
  /** Set when the run is over: samples from interrupted iterations are dropped, as k6 does. */
  closed = false;

  onSample(listener: SampleListener | null): void {
    this.listener = listener;
  }

  define(name: string, type: MetricType, contains: Contains = 'default'): Metric {
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type) {
        throw new Error(`metric "${name}" already exists with type ${existing.type}, not ${type}`);
      }
      return existing;
    }
    if (!NAME_RE.test(name)) throw new Error(`invalid metric name "${name}"`);
    const m = new Metric(name, type, contains);
    this.metrics.set(name, m);
    return m;
  }

  /** Finds or creates the sub-metric for a key like `metric{tag:value}`. */
  submetric(key: string): SubMetric {
    const { name, filter } = parseMetricKey(key);
    const parent = this.metrics.get(name);
    if (!parent) throw new Error(`no metric name "${name}" found`);
    const canonical = `${name}{${filter.map(([k, v]) => `${k}:${v}`).join(',')}}`;
    const found = parent.submetrics.find((s) => s.name === canonical);
    if (found) return found;
    const sub = new SubMetric(canonical, parent, filter);
    parent.submetrics.push(sub);
    return sub;
  }

  add(metric: Metric, value: number, tags: Tags | null): void {
    if (this.closed) return;
    metric.observed = true;
    metric.interval.add(value);
    const subs = metric.submetrics;
    if (subs.length > 0 && tags !== null) {
      for (let i = 0; i < subs.length; i++) {
        const s = subs[i] as SubMetric;
        if (s.matches(tags)) s.interval.add(value);
      }
    }
    if (this.listener !== null) this.listener(metric, value, tags);
  }
}

/** Folds every interval sink into its cumulative sink and clears it. */
export function roll(r: Registry): void {
  for (const m of r.metrics.values()) {
    mergeSink(m.sink, m.interval);
    m.interval.reset();
    for (const s of m.submetrics) {
      mergeSink(s.sink, s.interval);
      s.interval.reset();
    }
  }
}

/** k6's built-in metrics, defined up front so thresholds may refer to them. */
export function defineBuiltins(r: Registry) {
  return {
    vus: r.define('vus', 'gauge'),
    vus_max: r.define('vus_max', 'gauge'),
    iterations: r.define('iterations', 'counter'),
    iteration_duration: r.define('iteration_duration', 'trend', 'time'),
    dropped_iterations: r.define('dropped_iterations', 'counter'),
    data_sent: r.define('data_sent', 'counter', 'data'),
    data_received: r.define('data_received', 'counter', 'data'),
    checks: r.define('checks', 'rate'),
    group_duration: r.define('group_duration', 'trend', 'time'),
    http_reqs: r.define('http_reqs', 'counter'),
    http_req_duration: r.define('http_req_duration', 'trend', 'time'),
    http_req_blocked: r.define('http_req_blocked', 'trend', 'time'),
    http_req_connecting: r.define('http_req_connecting', 'trend', 'time'),
    http_req_tls_handshaking: r.define('http_req_tls_handshaking', 'trend', 'time'),
    http_req_sending: r.define('http_req_sending', 'trend', 'time'),
    http_req_waiting: r.define('http_req_waiting', 'trend', 'time'),
    http_req_receiving: r.define('http_req_receiving', 'trend', 'time'),
    http_req_failed: r.define('http_req_failed', 'rate'),
    engine_schedule_lag: r.define('engine_schedule_lag', 'trend', 'time'),
  };
}

export type Builtins = ReturnType<typeof defineBuiltins>;
