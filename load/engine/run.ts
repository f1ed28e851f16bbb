import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { baseTags, currentCtx, type IterCtx, iterStore, ScenarioState, VU } from './context.ts';
import { parseDuration } from './duration.ts';
import { type IterationFn, ScenarioRunner } from './executors.ts';
import { HttpClient } from './http/client.ts';
import { k6Module } from './k6/core.ts';
import { dataModule } from './k6/data.ts';
import { executionModule } from './k6/execution.ts';
import { httpModule } from './k6/http.ts';
import { metricsModule } from './k6/metrics.ts';
import { loadBundle, type ModuleTable, scanImports, unsupportedUses } from './loader.ts';
import { type Metric, roll, type Tags } from './metrics/registry.ts';
import type { TrendSink } from './metrics/sinks.ts';
import { SaturationMonitor } from './monitor.ts';
import { ConfigError, peakVUs, scenariosFrom } from './options.ts';
import { JsonLinesOutput } from './outputs/jsonl.ts';
import { type GroupBy, Timeseries } from './outputs/timeseries.ts';
import { Progress } from './progress.ts';
import { EXIT, Runtime, TestAbort } from './runtime.ts';
import { scriptErrorText } from './stack.ts';
import { buildSummary, DEFAULT_TREND_STATS, jUnit, type SummaryData, textSummary } from './summary.ts';
import { buildThresholds, evaluateThresholds, type ThresholdGroup } from './thresholds.ts';

export interface RunOptions {
  /** Folder for summary.json and timeseries.json; default reports/engine/<bundle>-<time>. */
  outDir?: string;
  /** Extra __ENV entries (over the process environment, as k6 --env). */
  env?: Record<string, string>;
  /** k6 JSON-lines output file (`--out json=FILE`). */
  jsonOut?: string;
  /** No progress line and no text summary. */
  quiet?: boolean;
  /** Base for handleSummary's relative paths; default process.cwd(). */
  cwd?: string;
  /** Tag groups recorded as extra time series, default http_req_duration/http_reqs/http_req_failed by name. */
  timeseriesGroupBy?: GroupBy[];
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface RunResult {
  exitCode: number;
  summary: SummaryData | null;
  outDir: string;
  /** Why the run failed to start or was aborted, if it was. */
  error?: string;
}

const INTERVAL_MS = 1000;
const DEFAULT_GROUP_BY: GroupBy[] = ['http_req_duration', 'http_reqs', 'http_req_failed'].map((metric) => ({
  metric,
  tag: 'name',
}));

let running = false;

type Exports = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: k6 options are free-form script data
type K6Options = Record<string, any>;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** Runs a k6 bundle (ESM, k6 imports external) in this process; one run at a time. */
export async function runBundle(bundlePath: string, opts: RunOptions = {}): Promise<RunResult> {
  if (running) throw new Error('runBundle: another run is in progress in this process');
  running = true;
  try {
    return await runOnce(resolve(bundlePath), opts);
  } finally {
    running = false;
  }
}

async function runOnce(bundlePath: string, opts: RunOptions): Promise<RunResult> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const log = (line: string) => stderr.write(`${line}\n`);
  const cwd = opts.cwd ?? process.cwd();
  const started = new Date();
  const outDir = resolve(
    cwd,
    opts.outDir ?? join('reports', 'engine', `${basename(bundlePath, '.js')}-${stamp(started)}`),
  );
  const fail = (exitCode: number, error: string): RunResult => {
    log(`ERRO ${error}`);
    return { exitCode, summary: null, outDir, error };
  };

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, opts.env);
  const rt = new Runtime(env, dirname(bundlePath), {}, log);
  const modules: ModuleTable = {
    k6: k6Module(rt),
    'k6/http': httpModule(rt),
    'k6/metrics': metricsModule(rt),
    'k6/execution': executionModule(rt),
    'k6/data': dataModule(rt),
  };
  const summaryLib = { textSummary, jUnit, default: { textSummary, jUnit } };

  const code = await readFile(bundlePath, 'utf8');
  const uses = scanImports(code);
  for (const mod of uses.keys()) if (/^https:\/\/jslib\.k6\.io\/k6-summary\//.test(mod)) modules[mod] = summaryLib;
  const problems = unsupportedUses(uses, modules);
  if (problems.length > 0) return fail(EXIT.scriptException, problems.join('; '));

  const restoreGlobals = installGlobals(rt);
  try {
    let exports: Exports;
    try {
      exports = await loadBundle(code, bundlePath, modules);
    } catch (e) {
      return fail(EXIT.scriptException, `init: ${scriptErrorText(e, bundlePath)}`);
    }
    return await execute(rt, exports, { ...opts, outDir, cwd, stdout, stderr, started, log, bundlePath });
  } finally {
    restoreGlobals();
  }
}

function installGlobals(rt: Runtime): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = ['__ENV', '__VU', '__ITER', 'open'].map((k) => [k, Object.getOwnPropertyDescriptor(g, k)] as const);
  Object.defineProperty(g, '__ENV', { value: rt.env, configurable: true, writable: true });
  Object.defineProperty(g, '__VU', { get: () => currentCtx()?.vu.idInTest ?? 0, configurable: true });
  Object.defineProperty(g, '__ITER', { get: () => currentCtx()?.vu.iterationInScenario ?? 0, configurable: true });
  Object.defineProperty(g, 'open', {
    configurable: true,
    writable: true,
    value: (path: string, mode?: string) => {
      if (rt.phase !== 'init') throw new Error('open() can only be called in the init context');
      const full = isAbsolute(path) ? path : resolve(rt.bundleDir, path);
      const buf = readFileSync(full);
      return mode === 'b' ? buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) : buf.toString('utf8');
    },
  });
  return () => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(g, k, d);
      else delete g[k];
    }
  };
}

type Ctx = RunOptions & {
  outDir: string;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  started: Date;
  log: (line: string) => void;
  bundlePath: string;
};

function applyOptions(rt: Runtime, o: K6Options): void {
  rt.globalTags = { ...(o.tags ?? {}) };
  if (o.discardResponseBodies) rt.discardResponseBodies = true;
  if (typeof o.userAgent === 'string') rt.userAgent = o.userAgent;
  for (const unsupported of ['noConnectionReuse', 'batch', 'hosts', 'httpDebug', 'cloud', 'ext']) {
    if (o[unsupported] !== undefined) rt.log(`WARN option "${unsupported}" is ignored by the embedded engine`);
  }
}

/** Runs setup/teardown in a context of their own (VU 0, group ::setup / ::teardown). */
async function runHook(rt: Runtime, name: 'setup' | 'teardown', fn: IterationFn, arg: unknown, timeoutMs: number) {
  const vu = new VU(0);
  const ctx: IterCtx = {
    vu,
    scenario: null,
    iterationInTest: 0,
    tags: baseTags(rt.globalTags, null, vu, `::${name}`),
    group: `::${name}`,
    sleepUntil: 0,
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}() execution timed out after ${timeoutMs / 1000} seconds`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([iterStore.run(ctx, fn, arg), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function execute(rt: Runtime, exports: Exports, c: Ctx): Promise<RunResult> {
  const options: K6Options = (exports.options as K6Options | undefined) ?? {};
  Object.assign(rt.options, options);
  const invalid = (msg: string): RunResult => {
    c.log(`ERRO ${msg}`);
    return { exitCode: EXIT.invalidConfig, summary: null, outDir: c.outDir, error: msg };
  };

  let thresholds: ThresholdGroup[];
  let scenarios: ReturnType<typeof scenariosFrom>;
  let setupTimeoutMs: number;
  let teardownTimeoutMs: number;
  const trendStats: string[] = Array.isArray(options.summaryTrendStats)
    ? options.summaryTrendStats
    : DEFAULT_TREND_STATS;
  try {
    applyOptions(rt, options);
    scenarios = scenariosFrom(options);
    for (const s of scenarios) {
      if (typeof exports[s.exec] !== 'function') {
        throw new ConfigError(`scenario "${s.name}": exec function "${s.exec}" is not exported by the script`);
      }
    }
    rt.registry.submetric('http_req_duration{expected_response:true}');
    thresholds = buildThresholds(rt.registry, options.thresholds);
    setupTimeoutMs = parseDuration(options.setupTimeout ?? '60s', 'setupTimeout');
    teardownTimeoutMs = parseDuration(options.teardownTimeout ?? '60s', 'teardownTimeout');
  } catch (e) {
    return invalid((e as Error).message);
  }

  let json: JsonLinesOutput | null = null;
  try {
    if (c.jsonOut) json = new JsonLinesOutput(resolve(c.cwd, c.jsonOut), thresholds);
  } catch (e) {
    return invalid(`--out json=${c.jsonOut}: ${(e as Error).message}`);
  }
  const connections = scenarios.reduce((a, s) => a + peakVUs(s), 0);
  rt.http = new HttpClient({ connections, insecureSkipTLSVerify: options.insecureSkipTLSVerify === true });
  const series = new Timeseries(rt.registry, c.timeseriesGroupBy ?? DEFAULT_GROUP_BY);
  rt.registry.onSample(
    json
      ? (m: Metric, v: number, t: Tags | null) => {
          series.onSample(m, v, t);
          json.onSample(m, v, t);
        }
      : series.onSample,
  );

  const states = scenarios.map((s) => new ScenarioState(s));
  rt.scenarios.push(...states);
  const progress = progressFor(rt, states, c);
  const warn = (msg: string) => {
    progress?.clear();
    c.log(`WARN ${msg}`);
  };
  const monitor = new SaturationMonitor(warn);

  rt.testStart = performance.now();
  let lastFlush = rt.testStart;
  let tick = 0;
  const sampleVus = () => {
    rt.vusActive = states.reduce((a, s) => a + s.activeVUs, 0);
    rt.registry.add(rt.m.vus, rt.vusActive, rt.globalTags);
    rt.registry.add(rt.m.vus_max, rt.vusInitialized, rt.globalTags);
  };
  const flush = () => {
    const now = performance.now();
    series.flush(tick++, (now - lastFlush) / 1000);
    roll(rt.registry);
    lastFlush = now;
    json?.flush();
  };
  const ticker = setInterval(() => {
    sampleVus();
    monitor.sample();
    flush();
    const ev = evaluateThresholds(thresholds, rt.elapsedMs());
    if (ev.abort && rt.phase === 'run') {
      rt.abort(
        EXIT.thresholdsFailed,
        `thresholds on metrics '${ev.abort.key}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
      );
    }
    progress?.update();
  }, INTERVAL_MS);

  let setupFailed = false;
  let data: unknown;
  try {
    if (typeof exports.setup === 'function') {
      rt.phase = 'setup';
      try {
        const raw = await runHook(rt, 'setup', exports.setup as IterationFn, undefined, setupTimeoutMs);
        // k6 hands each VU a JSON copy of setup's result.
        data = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
      } catch (e) {
        setupFailed = true;
        if (e instanceof TestAbort) rt.abort(EXIT.scriptAborted, e.message);
        else if (/execution timed out/.test((e as Error).message)) rt.abort(EXIT.setupTimeout, (e as Error).message);
        else rt.abort(EXIT.scriptException, `setup: ${scriptErrorText(e, c.bundlePath)}`);
      }
    }
    rt.phase = 'run';
    if (!setupFailed) {
      sampleVus();
      await Promise.all(
        states.map(async (st) => {
          const startAt = rt.testStart + st.config.startTimeMs;
          while (performance.now() < startAt && !rt.abortState) {
            await new Promise((r) => setTimeout(r, Math.min(100, startAt - performance.now())));
          }
          if (rt.abortState) return;
          await new ScenarioRunner(rt, st, exports[st.config.exec] as IterationFn, data).run();
        }),
      );
      sampleVus();
    }
    if (typeof exports.teardown === 'function' && !setupFailed && rt.abortState?.exitCode !== EXIT.scriptException) {
      rt.phase = 'teardown';
      try {
        await runHook(rt, 'teardown', exports.teardown as IterationFn, data, teardownTimeoutMs);
      } catch (e) {
        if (e instanceof TestAbort) rt.abort(EXIT.scriptAborted, e.message);
        else if (/execution timed out/.test((e as Error).message)) rt.abort(EXIT.teardownTimeout, (e as Error).message);
        else rt.scriptError(e, 'teardown');
      }
    }
  } finally {
    clearInterval(ticker);
    progress?.finish();
  }

  const elapsedMs = rt.elapsedMs();
  rt.phase = 'done';
  flush();
  rt.registry.closed = true;
  rt.registry.onSample(null);
  const health = monitor.stop();
  await rt.http.close();
  await json?.close();

  const ev = evaluateThresholds(thresholds, elapsedMs);
  const lag = rt.m.engine_schedule_lag.sink as TrendSink;
  const [lagP99] = lag.percentiles([99]);
  if (lag.count > 0 && (lagP99 as number) > 10) {
    warn(`iterations started late: engine_schedule_lag p99 ${(lagP99 as number).toFixed(1)}ms`);
  }
  const summary = buildSummary({
    registry: rt.registry,
    thresholds,
    rootGroup: rt.groups.root,
    trendStats,
    timeUnit: typeof options.summaryTimeUnit === 'string' ? options.summaryTimeUnit : '',
    elapsedMs,
  });
  summary.engine = {
    ...health,
    iterationsInterrupted: rt.iterationsInterrupted,
    aborted: rt.abortState,
    httpErrors: rt.httpErrors.toJSON(),
  };

  await mkdir(c.outDir, { recursive: true });
  await writeFile(join(c.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(c.outDir, 'timeseries.json'), JSON.stringify(series.toJSON(c.started, INTERVAL_MS)));
  await writeSummaryOutputs(exports, summary, c);

  // As k6 words it, with each metric's failed expressions, so the log alone says which SLO broke.
  const crossed = thresholds.flatMap((g) => {
    const sources = g.thresholds.filter((t) => !t.ok).map((t) => t.source);
    return sources.length > 0 ? [`'${g.key}' (${sources.join(', ')})`] : [];
  });
  if (crossed.length > 0) c.log(`ERRO thresholds on metrics ${crossed.join(', ')} have been crossed`);
  if (rt.abortState) c.log(`ERRO ${rt.abortState.reason}`);
  // An abort's own code wins (99 for abortOnFail, 108 for test.abort, 107 for setup errors).
  const exitCode = rt.abortState?.exitCode ?? (ev.failed.length > 0 ? EXIT.thresholdsFailed : EXIT.ok);
  const result: RunResult = { exitCode, summary, outDir: c.outDir };
  if (rt.abortState) result.error = rt.abortState.reason;
  return result;
}

/** A live line on a terminal's stderr, k6's progress block on a piped stdout, nothing with --quiet. */
function progressFor(rt: Runtime, states: ScenarioState[], c: Ctx): Progress | null {
  if (!Progress.enabled(c.quiet === true)) return null;
  if (Progress.interactive()) return c.stderr === process.stderr ? new Progress(rt, process.stderr) : null;
  return c.stdout === process.stdout ? new Progress(rt, process.stdout, false, states) : null;
}

/** handleSummary's map goes to stdout/stderr/files; without it, the text summary goes to stdout. */
async function writeSummaryOutputs(exports: Exports, summary: SummaryData, c: Ctx): Promise<void> {
  if (typeof exports.handleSummary === 'function') {
    try {
      // The script gets a copy, so its edits do not leak into summary.json.
      const out = (await (exports.handleSummary as (d: unknown) => unknown)(structuredClone(summary))) as
        | Record<string, unknown>
        | undefined;
      for (const [key, value] of Object.entries(out ?? {})) {
        const content = value instanceof ArrayBuffer ? Buffer.from(value) : String(value);
        if (key === 'stdout') c.stdout.write(content);
        else if (key === 'stderr') c.stderr.write(content);
        else {
          const path = resolve(c.cwd, key);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, content);
        }
      }
      return;
    } catch (e) {
      c.log(`ERRO handleSummary: ${(e as Error).stack ?? e}; falling back to the default summary`);
    }
  }
  if (!c.quiet)
    c.stdout.write(
      textSummary(summary, { indent: ' ', enableColors: Boolean((c.stdout as NodeJS.WriteStream).isTTY) }),
    );
}
