// runBench: the seven measurements in turn, each in its own child processes, against a deadline; a section that
// fails is recorded and the rest still run. Writes reports/bench/<timestamp>-bench.json and latest.json.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { runDirName } from '../reporting/run-folder.ts';
import { bundleBaselineChild, bundleBenchScript, bundleChildren } from './bundle.ts';
import type { BenchContext } from './context.ts';
import { killAll } from './procs.ts';
import { type Headline, targets } from './report.ts';
import { capacity } from './sections/capacity.ts';
import { flow } from './sections/flow.ts';
import { latency } from './sections/latency.ts';
import { memory } from './sections/memory.ts';
import { omission } from './sections/omission.ts';
import { testdata } from './sections/testdata.ts';
import { throughput } from './sections/throughput.ts';
import { vus } from './sections/vus.ts';
import { round } from './stats.ts';
import { findWrk } from './wrk.ts';

const root = resolve(import.meta.dirname, '..');
export const reportDir = join(root, 'reports', 'bench');

export const sections = { throughput, capacity, latency, omission, flow, memory, testdata, vus } as const;
export type SectionName = keyof typeof sections;
type Results = { [K in SectionName]?: Awaited<ReturnType<(typeof sections)[K]>> };

export function headlines(r: Results): Headline[] {
  return [
    { name: 'engine_vs_autocannon', value: r.throughput?.engine_vs_autocannon, target: targets.engine_vs_autocannon },
    { name: 'engine_vs_wrk', value: r.throughput?.engine_vs_wrk },
    { name: 'engine_vs_autocannon per core', value: r.throughput?.engine_vs_autocannon_per_core },
    { name: 'baseline_vs_autocannon', value: r.throughput?.baseline_vs_autocannon },
    { name: 'engine_vs_baseline', value: r.throughput?.engine_vs_baseline },
    {
      name: 'mock_vs_bare_node (lookup)',
      value: r.capacity?.mock_vs_bare_node.lookup,
      target: targets.mock_vs_bare_node,
    },
    { name: 'mock_vs_bare_node (lock)', value: r.capacity?.mock_vs_bare_node.lock, target: targets.mock_vs_bare_node },
    {
      name: 'latency_error_p50_ms',
      value: r.latency?.latency_error_p50_ms,
      unit: 'ms',
      target: targets.latency_error_p50_ms,
    },
    { name: 'latency_error_p99_ms', value: r.latency?.latency_error_p99_ms, unit: 'ms' },
    { name: 'co_p99_ms (engine)', value: r.omission?.co_p99_ms.engine, unit: 'ms', target: targets.co_p99_ms },
    { name: 'co_p99_ms (autocannon)', value: r.omission?.co_p99_ms.autocannon, unit: 'ms' },
    { name: 'flow_max_rate', value: r.flow?.flow_max_rate, unit: 'flows/s' },
    { name: 'engine_rss_mb_2k_inflight', value: r.memory?.engine_rss_mb_2k_inflight, unit: 'MB' },
    {
      name: 'engine_mb_per_vu (redemption)',
      value: r.vus?.engine_mb_per_vu,
      unit: 'MB',
      target: targets.engine_mb_per_vu,
    },
    { name: 'engine_init_ms_per_vu (redemption)', value: r.vus?.engine_init_ms_per_vu, unit: 'ms' },
    {
      name: 'setup_s (live soak 1h)',
      value: r.testdata?.setup_s_live_soak_1h,
      unit: 's',
      target: targets.setup_s,
    },
    {
      name: 'lookup_bytes_last_vs_first',
      value: r.testdata?.lookup_bytes.last_vs_first,
      target: targets.lookup_bytes_last_vs_first,
    },
  ];
}

/** Per-tool throughput lines: req/s, generator cores, CPU per request, server cores. */
export function toolLines(r: Results): string[] {
  return Object.entries(r.throughput?.tools ?? {}).map(
    ([tool, f]) =>
      `  ${tool.padEnd(10)} ${Math.round(f.rps).toString().padStart(6)} req/s  ${f.cpu.toFixed(2)} cores  ${Math.round(f.cpuUsPerRequest)} µs CPU/req  mock ${f.serverCpu.toFixed(2)} cores`,
  );
}

export interface BenchOptions {
  only?: SectionName[];
  /** Stop starting sections after this; kill everything at deadlineS + 10. */
  deadlineS?: number;
  /** A git ref whose engine runs beside the current one (throughput, vus). */
  baseline?: string;
  log?: (line: string) => void;
}

export async function runBench(o: BenchOptions = {}) {
  const log = o.log ?? ((line: string) => console.error(line));
  const started = new Date();
  const t0 = performance.now();
  const deadlineMs = (o.deadlineS ?? (o.baseline ? 320 : 200)) * 1000;
  const name = runDirName('bench', started);
  const workDir = join(reportDir, name);
  await mkdir(workDir, { recursive: true });
  const loadBefore = loadavg();
  await bundleChildren();
  const ctx: BenchContext = { workDir, log, wrkPath: findWrk(log), postBundle: await bundleBenchScript('post') };
  if (o.baseline) ctx.baseline = { ref: o.baseline, child: await bundleBaselineChild(o.baseline) };

  const results: Results = {};
  const errors: Record<string, string> = {};
  const watchdog = setTimeout(() => {
    log(`bench: still running ${deadlineMs / 1000 + 10}s in; killing every child`);
    killAll();
  }, deadlineMs + 10_000);
  try {
    for (const name of o.only ?? (Object.keys(sections) as SectionName[])) {
      const elapsed = performance.now() - t0;
      if (elapsed > deadlineMs) {
        errors[name] = `skipped: the bench's ${deadlineMs / 1000}s budget was spent`;
        continue;
      }
      log(`bench: ${name} (${Math.round(elapsed / 1000)}s in)`);
      try {
        // biome-ignore lint/suspicious/noExplicitAny: each section fills its own key
        (results as any)[name] = await sections[name](ctx);
      } catch (e) {
        errors[name] = (e as Error).message;
        log(`bench: ${name} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    clearTimeout(watchdog);
    killAll();
  }

  const wrkVersion = ctx.wrkPath ? spawnSync(ctx.wrkPath, ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0] : null;
  const report = {
    startedAt: started.toISOString(),
    seconds: round((performance.now() - t0) / 1000, 1),
    machine: {
      cpus: cpus().length,
      node: process.version,
      wrk: wrkVersion,
      loadavgBefore: loadBefore,
      loadavgAfter: loadavg(),
    },
    headline: Object.fromEntries(
      headlines(results).map((h) => [h.name, typeof h.value === 'number' ? round(h.value, 3) : null]),
    ),
    results,
    errors,
  };
  const text = `${JSON.stringify(report, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
  const file = join(reportDir, `${name}.json`);
  await writeFile(file, text);
  await writeFile(join(reportDir, 'latest.json'), text);
  return { report, results, errors, file };
}
