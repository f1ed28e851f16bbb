import { inPhase, latencySteps, metric } from '../load/lib/names.ts';
import type { MemoryInput, Timeseries } from './types.ts';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/** One chart, ready for uPlot in the page: x in seconds since the start. */
export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  x: number[];
  series: ChartSeries[];
}

const normalize = (key: string) => key.replace(/\s+/g, '').replace(/["']/g, '');

function column(ts: Timeseries, key: string, col: string): (number | null)[] | undefined {
  const want = normalize(key);
  for (const [k, s] of Object.entries(ts.series)) if (normalize(k) === want) return s.columns[col];
  return undefined;
}

const perSecond = (col: (number | null)[], seconds: number) => col.map((v) => (v === null ? null : v / seconds));

/** Latency (p50/p95/p99 per step) and throughput (requests, flows, errors per second) charts. */
export function buildCharts(ts: Timeseries): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const step of latencySteps) {
    const series = (['p50', 'p95', 'p99'] as const).flatMap((p) => {
      const values = column(ts, step.metric, p);
      return values ? [{ label: p, values }] : [];
    });
    if (series.length > 0)
      charts.push({ id: `latency-${step.id}`, title: `${step.label} latency`, unit: 'ms', x: ts.t, series });
  }
  const seconds = ts.intervalMs / 1000;
  const throughput: ChartSeries[] = [];
  // The hot path only: issue, set-up and teardown requests have a phase of their own (runs before phases: all).
  const inFlow = (builtIn: 'http_reqs' | 'http_req_failed') =>
    ts.series[inPhase(builtIn, 'flow')] ? inPhase(builtIn, 'flow') : builtIn;
  const requests = inFlow('http_reqs');
  const failed = inFlow('http_req_failed');
  const reqs = column(ts, requests, 'rate') ?? column(ts, requests, 'count');
  if (reqs)
    throughput.push({ label: 'requests/s', values: column(ts, requests, 'rate') ? reqs : perSecond(reqs, seconds) });
  const flows = column(ts, metric.flowDuration, 'count');
  if (flows) throughput.push({ label: 'flows/s', values: perSecond(flows, seconds) });
  // http_req_failed is a Rate: its "passes" are the failed requests.
  const errors = column(ts, failed, 'passes');
  if (errors) throughput.push({ label: 'errors/s', values: perSecond(errors, seconds) });
  if (throughput.length > 0)
    charts.push({ id: 'throughput', title: 'throughput', unit: '/s', x: ts.t, series: throughput });
  return charts;
}

/** Resident memory of the mock and the engine, and the mock's heap, over a soak run. */
export function memoryChart(memory: MemoryInput): ChartSpec {
  return {
    id: 'memory',
    title: 'memory',
    unit: 'MB',
    x: memory.t,
    series: [
      { label: 'mock RSS', values: memory.mock.rssMb },
      { label: 'mock heap', values: memory.mock.heapUsedMb },
      { label: 'engine RSS', values: memory.engine.rssMb },
    ],
  };
}
