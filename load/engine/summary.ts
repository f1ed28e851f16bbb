import type { K6Summary, SummaryGroup, SummaryMetric } from '../results.ts';
import type { GroupNode } from './groups.ts';
import type { Metric, Registry, SubMetric } from './metrics/registry.ts';
import { CounterSink, type GaugeSink, RateSink, type Sink, TrendSink } from './metrics/sinks.ts';
import type { ThresholdGroup } from './thresholds.ts';

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

/** What the engine builds: k6's summary data with every part k6 fills (load/results.ts declares the shape). */
export type SummaryData = K6Summary & Required<Pick<K6Summary, 'root_group' | 'options' | 'state'>>;

function trendStat(sink: TrendSink, stat: string): number {
  switch (stat) {
    case 'avg':
      return sink.avg();
    case 'min':
      return sink.count === 0 ? 0 : sink.min;
    case 'max':
      return sink.count === 0 ? 0 : sink.max;
    case 'med':
      return sink.percentiles([50])[0] as number;
    case 'count':
      return sink.count;
  }
  const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  if (!p) throw new Error(`invalid summaryTrendStats entry "${stat}"`);
  return sink.percentiles([Number(p[1])])[0] as number;
}

export function sinkValues(sink: Sink, trendStats: readonly string[], elapsedMs: number): Record<string, number> {
  if (sink instanceof TrendSink) return Object.fromEntries(trendStats.map((s) => [s, trendStat(sink, s)]));
  if (sink instanceof CounterSink)
    return { count: sink.count, rate: elapsedMs > 0 ? sink.count / (elapsedMs / 1000) : 0 };
  if (sink instanceof RateSink) return { rate: sink.rate(), passes: sink.passes, fails: sink.total - sink.passes };
  const g = sink as GaugeSink;
  return { value: g.value, min: g.seen ? g.min : 0, max: g.seen ? g.max : 0 };
}

export function buildSummary(args: {
  registry: Registry;
  thresholds: ThresholdGroup[];
  rootGroup: GroupNode;
  trendStats: string[];
  timeUnit: string;
  elapsedMs: number;
}): SummaryData {
  const metrics: Record<string, SummaryMetric> = {};
  const withThresholds = new Map<Metric | SubMetric, ThresholdGroup>();
  for (const g of args.thresholds) withThresholds.set(g.target, g);
  const put = (name: string, m: Metric, target: Metric | SubMetric) => {
    const entry: SummaryMetric = {
      type: m.type,
      contains: m.contains,
      values: sinkValues(target.sink, args.trendStats, args.elapsedMs),
    };
    const g = withThresholds.get(target);
    if (g) entry.thresholds = Object.fromEntries(g.thresholds.map((t) => [t.source, { ok: t.ok }]));
    metrics[name] = entry;
  };
  for (const m of args.registry.metrics.values()) {
    if (!m.observed && !withThresholds.has(m)) continue;
    put(m.name, m, m);
    for (const s of m.submetrics) put(s.name, m, s);
  }
  return {
    root_group: args.rootGroup,
    options: { summaryTrendStats: args.trendStats, summaryTimeUnit: args.timeUnit, noColor: false },
    state: {
      isStdOutTTY: Boolean(process.stdout.isTTY),
      isStdErrTTY: Boolean(process.stderr.isTTY),
      testRunDurationMs: args.elapsedMs,
    },
    metrics,
  };
}

function fmtTime(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1) return `${+(ms * 1000).toFixed(2)}µs`;
  if (ms < 1000) return `${+ms.toFixed(2)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(2)}s`;
  return `${Math.floor(ms / 60_000)}m${+((ms % 60_000) / 1000).toFixed(1)}s`;
}

function fmtBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${+v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function fmtValue(m: SummaryMetric, stats: readonly string[]): string {
  const v = m.values;
  const num = (x: number) =>
    m.contains === 'time' ? fmtTime(x) : m.contains === 'data' ? fmtBytes(x) : `${+x.toFixed(6)}`;
  switch (m.type) {
    case 'trend':
      return stats.map((s) => `${s}=${num(v[s] ?? 0)}`).join(' ');
    case 'counter':
      return `${num(v.count ?? 0)} ${m.contains === 'data' ? `${fmtBytes(v.rate ?? 0)}/s` : `${+(v.rate ?? 0).toFixed(6)}/s`}`;
    case 'rate':
      return `${((v.rate ?? 0) * 100).toFixed(2)}% ✓ ${v.passes} ✗ ${v.fails}`;
    default:
      return `${num(v.value ?? 0)} min=${num(v.min ?? 0)} max=${num(v.max ?? 0)}`;
  }
}

function checkLines(g: SummaryGroup, indent: string, color: (s: string, ok: boolean) => string): string[] {
  const lines: string[] = [];
  for (const c of g.checks) {
    const ok = c.fails === 0;
    const tally = ok
      ? ''
      : `\n${indent}  ↳ ${Math.round((c.passes / (c.passes + c.fails)) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`;
    lines.push(color(`${indent}${ok ? '✓' : '✗'} ${c.name}${tally}`, ok));
  }
  for (const sub of g.groups) {
    lines.push(`${indent}█ ${sub.name}`, ...checkLines(sub, `${indent}  `, color));
  }
  return lines;
}

/** A text summary in the style of k6's end-of-test summary (also jslib k6-summary's textSummary). */
export function textSummary(data: K6Summary, opts: { indent?: string; enableColors?: boolean } = {}): string {
  const indent = opts.indent ?? ' ';
  const color = (s: string, ok: boolean) => (opts.enableColors ? `\x1b[${ok ? 32 : 31}m${s}\x1b[0m` : s);
  const stats = data.options?.summaryTrendStats ?? DEFAULT_TREND_STATS;
  const lines = data.root_group ? checkLines(data.root_group, `${indent}   `, color) : [];
  if (lines.length > 0) lines.push('');
  const names = Object.keys(data.metrics).sort();
  const width = Math.max(30, ...names.map((n) => n.length + 4));
  for (const name of names) {
    const m = data.metrics[name] as SummaryMetric;
    const brace = name.indexOf('{');
    const label = brace > 0 ? `  { ${name.slice(brace + 1, -1)} }` : name;
    const th = m.thresholds ? Object.values(m.thresholds) : [];
    const ok = th.every((t) => t.ok);
    const mark = th.length === 0 ? ' ' : ok ? '✓' : '✗';
    const line = `${indent}${mark} ${label.padEnd(width, '.')}: ${fmtValue(m, stats)}`;
    lines.push(th.length === 0 ? line : color(line, ok));
  }
  const errors = Object.entries(data.engine?.httpErrors ?? {});
  if (errors.length > 0) lines.push('', `${indent}http errors by k6 error code:`);
  for (const [code, kind] of errors) lines.push(`${indent}  ${code} ${kind.message}: ${kind.count}`);
  return `\n${lines.join('\n')}\n`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** jslib k6-summary's jUnit(): one test case per threshold. */
export function jUnit(data: K6Summary, opts: { name?: string; classname?: string } = {}): string {
  const cases: string[] = [];
  let failures = 0;
  for (const [metric, m] of Object.entries(data.metrics)) {
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) {
      const cls = opts.classname ? ` classname="${xml(opts.classname)}"` : '';
      const name = xml(`${metric} - ${expr}`);
      if (t.ok) cases.push(`<testcase name="${name}"${cls} />`);
      else {
        failures++;
        cases.push(`<testcase name="${name}"${cls}><failure message="failed" /></testcase>`);
      }
    }
  }
  const suite = xml(opts.name ?? 'k6 thresholds');
  return `<?xml version="1.0"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n<testsuite name="${suite}" tests="${cases.length}" failures="${failures}">${cases.join('\n')}\n</testsuite >\n</testsuites >`;
}
