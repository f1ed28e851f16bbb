import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exitCodes } from '../../client/exit-codes.ts';
import { compileCache, defaultCacheDir } from './compile-cache.ts';
import { baseTags, type IterCtx, ScenarioState, TestAbort, type VU } from './context.ts';
import { parseK6DurationMs } from './duration.ts';
import { initialVUs, ScenarioRunner, type VUPool } from './executors.ts';
import { HttpClient } from './http/client.ts';
import { BundleError, compileBundle, scanImports, unsupportedUses } from './loader.ts';
import { type Metric, roll, type Tags } from './metrics/registry.ts';
import type { TrendSink } from './metrics/sinks.ts';
import { SaturationMonitor } from './monitor.ts';
import { checkOptions } from './option-support.ts';
import { configProblems, parseScenarios, peakVUs, type Scenario } from './options.ts';
import { JsonLinesOutput } from './outputs/jsonl.ts';
import { type GroupBy, Timeseries } from './outputs/timeseries.ts';
import { Progress } from './progress.ts';
import { createRealm, globalNames, lackedHint, SOBEK_GLOBALS, VU_PARAMS, VU_PRELUDE } from './realm.ts';
import { Runtime } from './runtime.ts';
import { scriptErrorText } from './stack.ts';
import { buildSummary, DEFAULT_TREND_STATS, jUnit, type SummaryData, textSummary } from './summary.ts';
import { buildThresholds, evaluateThresholds, type ThresholdGroup } from './thresholds.ts';
import {
  instantiate,
  moduleExportNames,
  parseIn,
  type SharedScript,
  shareScript,
  summaryContent,
  type VUInstance,
} from './vu.ts';

export interface RunOptions {
  /**
   * Folder for summary.json (handleSummary's `data`, which is not the legacy shape of k6's --summary-export) and
   * timeseries.json, both the engine's own; without one neither is written, as k6 writes no file unasked.
   * handleSummary's files go where the script says.
   */
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
  /** Where summary.json and timeseries.json were written, when a folder was given. */
  outDir?: string;
  /** Why the run failed to start or was aborted, if it was. */
  error?: string;
}

const INTERVAL_MS = 1000;
const DEFAULT_GROUP_BY: GroupBy[] = ['http_req_duration', 'http_reqs', 'http_req_failed'].map((metric) => ({
  metric,
  tag: 'name',
}));
/** k6 runner.go getTimeoutFor: handleSummary gets two minutes. */
const HANDLE_SUMMARY_TIMEOUT_MS = 120_000;

let running = false;

type Exports = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: k6 options are free-form script data
type K6Options = Record<string, any>;

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
  const outDir = opts.outDir === undefined ? undefined : resolve(cwd, opts.outDir);
  const fail = (exitCode: number, error: string): RunResult => failed({ log, outDir }, exitCode, error);

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, opts.env);
  const rt = new Runtime(env, dirname(bundlePath), {}, log);
  rt.envJson = JSON.stringify(env);

  const code = await readFile(bundlePath, 'utf8');
  const uses = scanImports(code);
  const summaryLib = { textSummary, jUnit, default: { textSummary, jUnit } };
  for (const mod of uses.keys()) {
    if (/^https:\/\/jslib\.k6\.io\/k6-summary\//.test(mod)) rt.extraModules[mod] = summaryLib;
  }
  const exportNames = moduleExportNames(rt);
  const problems = unsupportedUses(
    uses,
    Object.fromEntries(
      Object.entries(exportNames).map(([k, names]) => [k, Object.fromEntries(names.map((n) => [n, 1]))]),
    ),
  );
  if (problems.length > 0) return fail(exitCodes.scriptException, problems.join('; '));

  let bundle: SharedScript;
  try {
    const compiled = await compileBundle(
      code,
      bundlePath,
      exportNames,
      [...VU_PARAMS, ...SOBEK_GLOBALS],
      VU_PRELUDE,
      compileCache(defaultCacheDir),
    );
    bundle = shareScript(compiled, createRealm({ console: rt.console }));
  } catch (e) {
    if (e instanceof BundleError) return fail(exitCodes.scriptException, e.message);
    throw e;
  }

  // A promise the script rejected and nobody awaited: k6 reports it as an uncaught error; Node would exit.
  const onRejection = (reason: unknown) => rt.scriptError(reason, 'Uncaught (in promise)');
  process.on('unhandledRejection', onRejection);
  try {
    // k6 evaluates the script once (VU 0) to read its options, then once per VU (cmd/test_load.go, bundle.go).
    let first: VUInstance;
    const globalsBefore = globalNames(bundle.realm);
    try {
      first = instantiate(rt, bundle, 0);
    } catch (e) {
      return initFailure(rt, e, fail, bundlePath);
    } finally {
      rt.filesFrozen = true;
    }
    const added = [...globalNames(bundle.realm)].filter((n) => !globalsBefore.has(n));
    if (added.length > 0) {
      log(
        `WARN the script's init sets globals (${added.join(', ')}): on k6 each VU has its own; here every VU shares one global object (load/engine/README.md)`,
      );
    }
    return await execute(rt, bundle, first.exports, {
      ...opts,
      outDir,
      cwd,
      stdout,
      stderr,
      started,
      log,
      bundlePath,
    });
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

/** A script's error, where in the script, and what k6 lacks when that is the cause. */
function scriptText(e: unknown, bundlePath: string): string {
  return scriptErrorText(e, bundlePath, lackedHint(e));
}

function initFailure(
  rt: Runtime,
  e: unknown,
  fail: (code: number, msg: string) => RunResult,
  bundlePath: string,
): RunResult {
  if (e instanceof TestAbort) return fail(exitCodes.scriptAborted, e.message);
  if (rt.abortState) return fail(rt.abortState.exitCode, rt.abortState.reason);
  return fail(exitCodes.scriptException, `init: ${scriptText(e, bundlePath)}`);
}

type Ctx = RunOptions & {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  started: Date;
  log: (line: string) => void;
  bundlePath: string;
};

/** Applies the options the engine honours (option-support.ts SUPPORTED) to the runtime. */
function applyOptions(rt: Runtime, o: K6Options): void {
  rt.globalTags = { ...(o.tags ?? {}) };
  if (o.discardResponseBodies) rt.discardResponseBodies = true;
  if (typeof o.userAgent === 'string') rt.userAgent = o.userAgent;
  if (o.maxRedirects !== undefined && o.maxRedirects !== null) rt.maxRedirects = Number(o.maxRedirects);
  rt.noCookiesReset = o.noCookiesReset === true;
  rt.throwOnError = o.throw === true;
  if (o.minIterationDuration !== undefined && o.minIterationDuration !== null) {
    rt.minIterationDurationMs = parseK6DurationMs(o.minIterationDuration);
  }
}

/** A JSON copy of the options, as k6 marshals them (functions and undefined dropped). */
function plainOptions(raw: unknown): K6Options {
  if (raw === undefined || raw === null) return {};
  return JSON.parse(JSON.stringify(raw)) as K6Options;
}

/** Runs setup/teardown/handleSummary in a VU of its own (k6 runPart: a fresh VU 0, group ::name). */
async function runHook(
  rt: Runtime,
  inst: VUInstance,
  name: 'setup' | 'teardown' | 'handleSummary',
  arg: unknown,
  timeoutMs: number,
) {
  const { vu } = inst;
  const ctx: IterCtx = {
    scenario: null,
    iterationInTest: 0,
    tags: baseTags(rt.globalTags, null, vu, `::${name}`),
    group: `::${name}`,
    sleepUntil: 0,
  };
  vu.iter = ctx;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name}() execution timed out after ${timeoutMs / 1000} seconds`)),
      timeoutMs,
    );
  });
  const call = async () => {
    const v = await (inst.exports[name] as (a: unknown) => unknown)(arg);
    await vu.idle();
    return v;
  };
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** k6 validates what is exported (bundle.go populateExports) and that each scenario's exec is a function. */
function exportProblems(exports: Exports, scenarios: Scenario[]): string[] {
  const out: string[] = [];
  for (const hook of ['setup', 'teardown'] as const) {
    if (exports[hook] !== undefined && typeof exports[hook] !== 'function')
      out.push(`exported '${hook}' must be a function`);
  }
  for (const s of scenarios) {
    if (typeof exports[s.exec] !== 'function')
      out.push(`executor ${s.name}: function '${s.exec}' not found in exports`);
  }
  return out;
}

async function execute(rt: Runtime, bundle: SharedScript, exports: Exports, c: Ctx): Promise<RunResult> {
  const options = plainOptions(exports.options);
  Object.assign(rt.options, options);
  const invalid = (msg: string): RunResult => failed(c, exitCodes.invalidConfig, msg);

  let thresholds: ThresholdGroup[];
  let scenarios: Scenario[];
  let setupTimeoutMs: number;
  let teardownTimeoutMs: number;
  const trendStats: string[] = Array.isArray(options.summaryTrendStats)
    ? options.summaryTrendStats
    : DEFAULT_TREND_STATS;
  try {
    const support = checkOptions(options);
    for (const w of support.warnings) c.log(`WARN ${w}`);
    if (support.refused.length > 0) return invalid(support.refused.join('; '));
    const parsed = parseScenarios(options);
    for (const w of parsed.warnings) c.log(`WARN ${w}`);
    scenarios = parsed.scenarios;
    const errors = [...parsed.errors, ...exportProblems(exports, scenarios)];
    for (const key of ['maxRedirects', 'batch', 'batchPerHost', 'rps', 'metricSamplesBufferSize']) {
      const v = options[key];
      if (v !== undefined && v !== null && !(Number.isInteger(v) || /^[+-]?\d+$/.test(String(v)))) {
        errors.push(
          `parsing options from script got error while parsing "${key}": ${JSON.stringify(v)}: json: cannot unmarshal into Go value of type int64`,
        );
      }
    }
    if (errors.length > 0) return invalid(configProblems(errors));
    applyOptions(rt, options);
    rt.registry.submetric('http_req_duration{expected_response:true}');
    thresholds = buildThresholds(rt.registry, options.thresholds);
    setupTimeoutMs = parseK6DurationMs(options.setupTimeout ?? '60s');
    teardownTimeoutMs = parseK6DurationMs(options.teardownTimeout ?? '60s');
  } catch (e) {
    return invalid((e as Error).message);
  }

  // k6 initialises every planned VU before setup() (execution/scheduler.go initVUsConcurrently); ids are 1..N.
  const instances = new WeakMap<VU, VUInstance>();
  const newInstance = (s: Scenario): VU => {
    const id = ++rt.vusInitialized;
    let inst: VUInstance;
    try {
      inst = instantiate(rt, bundle, id);
    } catch (e) {
      rt.vusInitialized--;
      throw new VUInitError(id, e);
    }
    // k6 VU.Activate: the scenario's env over the global one (init saw the global one only).
    if (Object.keys(s.env).length > 0) {
      inst.hooks.setEnv(inst.realm.JSON.parse(JSON.stringify({ ...JSON.parse(rt.envJson), ...s.env })));
    }
    instances.set(inst.vu, inst);
    return inst.vu;
  };
  const pools = new Map<Scenario, VUPool>();
  const rssBefore = process.memoryUsage().rss;
  const initStarted = performance.now();
  try {
    for (const s of scenarios) {
      const initial: VU[] = [];
      for (let i = 0; i < initialVUs(s); i++) {
        initial.push(newInstance(s));
        // Keeps signals and timers alive while thousands of VUs initialise.
        if (i % 64 === 63) await new Promise((r) => setImmediate(r));
      }
      pools.set(s, {
        initial,
        spawn: () => new Promise<void>((r) => setImmediate(r)).then(() => newInstance(s)),
      });
    }
  } catch (e) {
    const err = e as VUInitError;
    if (err.cause instanceof TestAbort) return failed(c, exitCodes.scriptAborted, err.cause.message);
    return failed(
      c,
      exitCodes.scriptException,
      `error while initializing VU #${err.id}: ${scriptText(err.cause, c.bundlePath)}`,
    );
  }

  // What the VUs initialised before the start cost: the bench reads it (docs/performance.md, VU cost).
  const vuInit = {
    vus: rt.vusInitialized,
    ms: performance.now() - initStarted,
    rssDeltaMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
  };

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
        exitCodes.thresholdsFailed,
        `thresholds on metrics '${ev.abort.key}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
      );
    }
    progress?.update();
  }, INTERVAL_MS);

  /** A hook VU: its own init, as k6 runPart instantiates one; an init failure is a script error. */
  const hookInstance = (): VUInstance => instantiate(rt, bundle, 0);
  let setupFailed = false;
  try {
    if (typeof exports.setup === 'function' && options.noSetup !== true) {
      rt.phase = 'setup';
      try {
        const raw = await runHook(rt, hookInstance(), 'setup', undefined, setupTimeoutMs);
        // k6 marshals setup()'s result to JSON once; every VU unmarshals its own copy.
        rt.setupJson = raw === undefined ? undefined : JSON.stringify(raw);
      } catch (e) {
        setupFailed = true;
        if (e instanceof TestAbort) rt.abort(exitCodes.scriptAborted, e.message);
        else if (/execution timed out/.test((e as Error).message))
          rt.abort(exitCodes.setupTimeout, (e as Error).message);
        else rt.abort(exitCodes.scriptException, `setup: ${scriptText(e, c.bundlePath)}`);
      }
    }
    rt.phase = 'run';
    if (!setupFailed) {
      sampleVus();
      const iteration = (vu: VU) => {
        const inst = instances.get(vu) as VUInstance;
        // Parsed on the VU's first iteration, as k6's RunOnce unmarshals it.
        if (!inst.dataReady) {
          inst.data = parseIn(inst.realm, rt.setupJson);
          inst.dataReady = true;
        }
        inst.hooks.setIter(vu.iterationInInstance);
        const st = vu.iter?.scenario as ScenarioState;
        return (inst.exports[st.config.exec] as (d: unknown) => unknown)(inst.data);
      };
      // A scenario's startTime counts from after setup() (k6 internal/execution/scheduler.go runExecutor).
      const afterSetup = performance.now();
      await Promise.all(
        states.map(async (st) => {
          const startAt = afterSetup + st.config.startTimeMs;
          while (performance.now() < startAt && !rt.abortState) {
            await new Promise((r) => setTimeout(r, Math.min(100, startAt - performance.now())));
          }
          if (rt.abortState) return;
          await new ScenarioRunner(rt, st, iteration, pools.get(st.config) as VUPool).run();
        }),
      );
      sampleVus();
    }
    const teardownRuns =
      typeof exports.teardown === 'function' &&
      options.noTeardown !== true &&
      !setupFailed &&
      rt.abortState?.exitCode !== exitCodes.scriptException;
    if (teardownRuns) {
      rt.phase = 'teardown';
      try {
        const inst = hookInstance();
        await runHook(rt, inst, 'teardown', parseIn(inst.realm, rt.setupJson), teardownTimeoutMs);
      } catch (e) {
        if (e instanceof TestAbort) rt.abort(exitCodes.scriptAborted, e.message);
        else if (/execution timed out/.test((e as Error).message))
          rt.abort(exitCodes.teardownTimeout, (e as Error).message);
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
  if (rt.iterationsCompleted === 0 && !rt.abortState) {
    warn('No script iterations fully finished, consider making the test duration longer');
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
    vuInit,
    iterationsInterrupted: rt.iterationsInterrupted,
    aborted: rt.abortState,
    httpErrors: rt.httpErrors.toJSON(),
  };

  if (c.outDir) {
    await mkdir(c.outDir, { recursive: true });
    await writeFile(join(c.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await writeFile(join(c.outDir, 'timeseries.json'), JSON.stringify(series.toJSON(c.started, INTERVAL_MS)));
  }
  await writeSummaryOutputs(rt, bundle, exports, summary, c);

  // As k6 words it, with each metric's failed expressions, so the log alone says which SLO broke.
  const crossed = thresholds.flatMap((g) => {
    const sources = g.thresholds.filter((t) => !t.ok).map((t) => t.source);
    return sources.length > 0 ? [`'${g.key}' (${sources.join(', ')})`] : [];
  });
  if (crossed.length > 0) c.log(`ERRO thresholds on metrics ${crossed.join(', ')} have been crossed`);
  if (rt.abortState) c.log(`ERRO ${rt.abortState.reason}`);
  if (rt.markedFailed && !rt.abortState) c.log('ERRO test run was marked as failed');
  // An abort's own code wins (99 for abortOnFail, 108 for test.abort, 107 for setup errors); then test.fail()
  // (110, cmd/run.go returns it before the thresholds' 99), then thresholds.
  const exitCode =
    rt.abortState?.exitCode ??
    (rt.markedFailed ? exitCodes.markedAsFailed : ev.failed.length > 0 ? exitCodes.thresholdsFailed : exitCodes.ok);
  const result: RunResult = { exitCode, summary, outDir: c.outDir };
  if (rt.abortState) result.error = rt.abortState.reason;
  return result;
}

class VUInitError extends Error {
  constructor(
    readonly id: number,
    override readonly cause: unknown,
  ) {
    super(`VU ${id} failed to initialise`);
  }
}

/** A run that stopped before its summary: the reason logged as k6 logs it. */
function failed(c: Pick<Ctx, 'log' | 'outDir'>, exitCode: number, error: string): RunResult {
  c.log(`ERRO ${error}`);
  return { exitCode, summary: null, outDir: c.outDir, error };
}

/** A live line on a terminal's stderr, k6's progress block on a piped stdout, nothing with --quiet. */
function progressFor(rt: Runtime, states: ScenarioState[], c: Ctx): Progress | null {
  if (!Progress.enabled(c.quiet === true)) return null;
  if (Progress.interactive()) return c.stderr === process.stderr ? new Progress(rt, process.stderr) : null;
  return c.stdout === process.stdout ? new Progress(rt, process.stdout, false, states) : null;
}

/** handleSummary's map goes to stdout/stderr/files; without it, the text summary goes to stdout. */
async function writeSummaryOutputs(
  rt: Runtime,
  bundle: SharedScript,
  exports: Exports,
  summary: SummaryData,
  c: Ctx,
): Promise<void> {
  if (typeof exports.handleSummary === 'function') {
    let out: Record<string, unknown> | undefined;
    let ran = false;
    try {
      // In a VU of its own, on its own JSON copy, so the script's edits do not leak into summary.json.
      const inst = instantiate(rt, bundle, 0);
      const data = parseIn(inst.realm, JSON.stringify(summary));
      out = (await runHook(rt, inst, 'handleSummary', data, HANDLE_SUMMARY_TIMEOUT_MS)) as
        | Record<string, unknown>
        | undefined;
      ran = true;
    } catch (e) {
      c.log(`ERRO handleSummary: ${scriptText(e, c.bundlePath)}; falling back to the default summary`);
    }
    if (ran) {
      await writeHandleSummaryResult(out ?? {}, c);
      return;
    }
  }
  if (!c.quiet)
    c.stdout.write(
      textSummary(summary, { indent: ' ', enableColors: Boolean((c.stdout as NodeJS.WriteStream).isTTY) }),
    );
}

/**
 * k6's handleSummaryResult (cmd/run.go): stdout, stderr, or a file opened O_CREAT|O_TRUNC; k6 creates no folder,
 * so a path into a missing one is an error that loses that output, logged as k6 logs it.
 */
async function writeHandleSummaryResult(out: Record<string, unknown>, c: Ctx): Promise<void> {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(out)) {
    const content = summaryContent(value);
    if (key === 'stdout') c.stdout.write(content);
    else if (key === 'stderr') c.stderr.write(content);
    else {
      const path = resolve(c.cwd, key);
      try {
        await writeFile(path, content);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file or directory' : (e as Error).message;
        errors.push(`could not open '${key}': open ${key}: ${why}`);
      }
    }
  }
  if (errors.length > 0) {
    c.log(
      `ERRO failed to handle the end-of-test summary: Could not save some summary information:\n\t- ${errors.join('\n\t- ')}`,
    );
  }
}
