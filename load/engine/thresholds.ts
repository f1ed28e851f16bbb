import { parseDurationMs } from './duration.ts';
import type { Metric, Registry, SubMetric } from './metrics/registry.ts';
import { CounterSink, GaugeSink, type MetricType, RateSink, type Sink, TrendSink } from './metrics/sinks.ts';

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Threshold {
  source: string;
  agg: string; // avg, min, max, med, count, rate, value or p(N)
  pct: number; // N for p(N)
  op: Operator;
  value: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
  ok: boolean;
}

export interface ThresholdGroup {
  key: string;
  target: Metric | SubMetric;
  type: MetricType;
  thresholds: Threshold[];
}

const EXPR =
  /^\s*(avg|min|max|med|count|rate|value|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*$/;

// Which aggregation methods k6 accepts on each metric type.
const ALLOWED: Record<MetricType, (agg: string) => boolean> = {
  counter: (a) => a === 'count' || a === 'rate',
  gauge: (a) => a === 'value',
  rate: (a) => a === 'rate',
  trend: (a) => ['avg', 'min', 'max', 'med'].includes(a) || a.startsWith('p('),
};

export function parseThresholdExpr(source: string): Pick<Threshold, 'agg' | 'pct' | 'op' | 'value'> {
  const m = EXPR.exec(source);
  if (!m) throw new Error(`invalid threshold expression "${source}"`);
  const agg = (m[1] as string).replace(/\s+/g, '');
  const pct = m[2] === undefined ? Number.NaN : Number(m[2]);
  if (m[2] !== undefined && !(pct >= 0 && pct <= 100)) {
    throw new Error(`invalid percentile in threshold "${source}"`);
  }
  return { agg, pct, op: m[3] as Operator, value: Number(m[4]) };
}

type RawThreshold = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string | number };

/** Builds thresholds from `options.thresholds`, creating sub-metrics for tagged keys. */
export function buildThresholds(
  registry: Registry,
  spec: Record<string, RawThreshold[]> | undefined,
): ThresholdGroup[] {
  const groups: ThresholdGroup[] = [];
  for (const [key, list] of Object.entries(spec ?? {})) {
    const reason = (msg: string) => new Error(`invalid threshold defined on ${key}; reason: ${msg}`);
    let target: Metric | SubMetric;
    try {
      target = key.includes('{') ? registry.submetric(key) : lookup(registry, key);
    } catch (e) {
      throw reason((e as Error).message);
    }
    const type = 'parent' in target ? target.parent.type : target.type;
    if (!Array.isArray(list)) throw reason('thresholds must be an array');
    const thresholds = list.map((raw): Threshold => {
      const obj = typeof raw === 'string' ? { threshold: raw } : raw;
      if (typeof obj?.threshold !== 'string') throw reason('threshold must be a string or {threshold}');
      let parsed: ReturnType<typeof parseThresholdExpr>;
      try {
        parsed = parseThresholdExpr(obj.threshold);
      } catch (e) {
        throw reason((e as Error).message);
      }
      if (!ALLOWED[type](parsed.agg)) {
        throw reason(`the aggregation method "${parsed.agg}" is not supported by the ${type} metric type`);
      }
      return {
        source: obj.threshold,
        ...parsed,
        abortOnFail: obj.abortOnFail === true,
        delayAbortEvalMs: obj.delayAbortEval === undefined ? 0 : parseDurationMs(obj.delayAbortEval, 'delayAbortEval'),
        ok: true,
      };
    });
    groups.push({ key: 'parent' in target ? target.name : key, target, type, thresholds });
  }
  return groups;
}

function lookup(registry: Registry, name: string): Metric {
  const m = registry.metrics.get(name.trim());
  if (!m) throw new Error(`no metric name "${name}" found`);
  return m;
}

/** The value of one aggregation method on a sink; elapsedMs serves counter rates. */
export function aggregate(sink: Sink, agg: string, pct: number, elapsedMs: number): number {
  if (sink instanceof TrendSink) {
    if (agg === 'avg') return sink.avg();
    if (agg === 'min') return sink.count === 0 ? 0 : sink.min;
    if (agg === 'max') return sink.count === 0 ? 0 : sink.max;
    if (agg === 'med') return sink.percentiles([50])[0] as number;
    if (agg === 'count') return sink.count;
    return sink.percentiles([pct])[0] as number;
  }
  if (sink instanceof CounterSink) {
    if (agg === 'rate') return elapsedMs > 0 ? sink.count / (elapsedMs / 1000) : 0;
    return sink.count;
  }
  if (sink instanceof RateSink) return sink.rate();
  if (sink instanceof GaugeSink) return sink.value;
  return 0;
}

function compare(a: number, op: Operator, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
    case '===':
      return a === b;
    case '!=':
      return a !== b;
  }
}

export interface Evaluation {
  failed: Threshold[];
  /** A failed abortOnFail threshold whose delayAbortEval has passed, if any. */
  abort: { key: string; threshold: Threshold } | null;
}

/** Evaluates every threshold, updating `ok`. */
export function evaluateThresholds(groups: ThresholdGroup[], elapsedMs: number): Evaluation {
  const failed: Threshold[] = [];
  let abort: Evaluation['abort'] = null;
  for (const g of groups) {
    for (const t of g.thresholds) {
      t.ok = compare(aggregate(g.target.sink, t.agg, t.pct, elapsedMs), t.op, t.value);
      if (t.ok) continue;
      failed.push(t);
      if (t.abortOnFail && elapsedMs >= t.delayAbortEvalMs && abort === null) abort = { key: g.key, threshold: t };
    }
  }
  return { failed, abort };
}
