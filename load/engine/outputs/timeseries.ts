import type { Timeseries as TimeseriesJson } from '../../results.ts';
import type { Metric, Registry, Tags } from '../metrics/registry.ts';
import { CounterSink, type GaugeSink, newSink, RateSink, type Sink, TrendSink } from '../metrics/sinks.ts';

export interface GroupBy {
  metric: string;
  tag: string;
}

const TREND_PCTS = [50, 90, 95, 99];

interface Series {
  metric: Metric;
  sink: Sink;
  columns: Record<string, (number | null)[]>;
}

function columnsFor(sink: Sink): string[] {
  if (sink instanceof TrendSink) return ['count', 'avg', 'min', 'p50', 'p90', 'p95', 'p99', 'max'];
  if (sink instanceof CounterSink) return ['count', 'rate'];
  if (sink instanceof RateSink) return ['count', 'passes', 'rate'];
  return ['value', 'min', 'max'];
}

function row(sink: Sink, seconds: number): Record<string, number | null> {
  if (sink instanceof TrendSink) {
    if (sink.count === 0)
      return { count: 0, avg: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
    const [p50, p90, p95, p99] = sink.percentiles(TREND_PCTS) as [number, number, number, number];
    return { count: sink.count, avg: sink.avg(), min: sink.min, p50, p90, p95, p99, max: sink.max };
  }
  if (sink instanceof CounterSink) return { count: sink.count, rate: seconds > 0 ? sink.count / seconds : 0 };
  if (sink instanceof RateSink)
    return { count: sink.total, passes: sink.passes, rate: sink.total === 0 ? null : sink.rate() };
  const g = sink as GaugeSink;
  return g.seen ? { value: g.value, min: g.min, max: g.max } : { value: null, min: null, max: null };
}

export class Timeseries {
  readonly t: number[] = [];
  private readonly series = new Map<string, Series>();
  private readonly groupSinks = new Map<Metric, { tag: string; sinks: Map<string, Sink> }[]>();
  private readonly groupBy: GroupBy[];

  constructor(
    private readonly registry: Registry,
    groupBy: GroupBy[],
    private readonly maxGroupValues = 100,
  ) {
    this.groupBy = groupBy;
  }

  /** Sample hook: feeds the tag-group sinks (metrics and sub-metrics keep their own interval sinks). */
  readonly onSample = (metric: Metric, value: number, tags: Tags | null): void => {
    let groups = this.groupSinks.get(metric);
    if (groups === undefined) {
      groups = this.groupBy.filter((g) => g.metric === metric.name).map((g) => ({ tag: g.tag, sinks: new Map() }));
      this.groupSinks.set(metric, groups);
    }
    if (groups.length === 0 || tags === null) return;
    for (const g of groups) {
      const v = tags[g.tag];
      if (v === undefined) continue;
      let sink = g.sinks.get(v);
      if (sink === undefined) {
        if (g.sinks.size >= this.maxGroupValues) continue;
        sink = newSink(metric.type);
        g.sinks.set(v, sink);
      }
      sink.add(value);
    }
  };

  private push(key: string, metric: Metric, sink: Sink, seconds: number): void {
    let s = this.series.get(key);
    if (!s) {
      const before = this.t.length - 1;
      s = { metric, sink, columns: Object.fromEntries(columnsFor(sink).map((c) => [c, new Array(before).fill(null)])) };
      this.series.set(key, s);
    }
    const r = row(sink, seconds);
    for (const c in s.columns) (s.columns[c] as (number | null)[]).push(r[c] ?? null);
  }

  /** Records the interval that started at `tSec` and lasted `seconds`; call before the registry's roll(). */
  flush(tSec: number, seconds: number): void {
    this.t.push(tSec);
    for (const m of this.registry.metrics.values()) {
      if (!m.observed) continue;
      this.push(m.name, m, m.interval, seconds);
      for (const sub of m.submetrics) this.push(sub.name, m, sub.interval, seconds);
      for (const g of this.groupSinks.get(m) ?? []) {
        for (const [value, sink] of g.sinks) {
          const key = `${m.name}{${g.tag}:${value}}`;
          if (!m.submetrics.some((s) => s.name === key)) this.push(key, m, sink, seconds);
          sink.reset();
        }
      }
    }
    // Series that got nothing this interval still get a row, so every column matches `t`.
    for (const s of this.series.values()) {
      for (const c in s.columns) {
        const col = s.columns[c] as (number | null)[];
        if (col.length < this.t.length) col.push(c === 'count' ? 0 : null);
      }
    }
  }

  toJSON(startTime: Date, intervalMs: number): TimeseriesJson {
    const series: TimeseriesJson['series'] = {};
    for (const [key, s] of this.series) {
      series[key] = { metric: s.metric.name, type: s.metric.type, contains: s.metric.contains, columns: s.columns };
    }
    return { version: 1, intervalMs, startTime: startTime.toISOString(), t: this.t, series };
  }
}
