// runLoad: bundle, pick an engine, start the embedded mock when no target is given, run, reconcile.
// The core of `npm run load` and of `npm start`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { configVariables, defaults } from '../client/config.ts';
import { childExitCode, exitCodes, runExitCode } from '../client/exit-codes.ts';
import { guardTarget } from '../client/guard.ts';
import { probe, unreachableLine } from '../client/reach.ts';
import {
  type BaselineComparison,
  BaselineError,
  baselineRowText,
  collectSettings,
  compareBaseline,
  type IntegrityInput,
  type K6Summary,
  resolveBaseline,
  runDirName,
  type Timeseries,
  type Tolerance,
  writeReports,
} from '../reporting/index.ts';
import type { MockFaultsRequest } from '../schemas/generated/types.ts';
import { bundleK6Scripts } from './bundle.ts';
import { type IntegrityDifference, type IntegrityState, integrityDifferences } from './integrity.ts';
import { walletSizeOf } from './lib/plan.ts';
import { describeProfile, type Env, ProfileError, type ProfileSettings, settingsFromEnv } from './lib/profiles.ts';
import { MockStateError, mockState } from './mock-state.ts';
import { checkLoadEnv, PreflightError, prepareJsonOut } from './preflight.ts';
import { runCause, setupAbortReason } from './run-cause.ts';

export type EngineChoice = 'auto' | 'k6' | 'node';

export interface LoadOptions {
  /** Base URL of the target; without it the embedded mock is started on a free port. */
  target?: string;
  profile?: string;
  engine?: EngineChoice;
  /** Default reports/<timestamp>-load, with reports/latest pointing at it. */
  outDir?: string;
  /** Confirms a run against a non-loopback target. */
  yes?: boolean;
  /** A saved run (folder or summary.json) whose per-step p95/p99 and error rate this run must not exceed. */
  baseline?: string;
  tolerance?: Partial<Tolerance>;
  /** Also write k6's JSON-lines metrics (`--out json=FILE`). */
  jsonOut?: string;
  /** Faults for the embedded mock this command starts (schemas/mock-faults.request.json). */
  faults?: MockFaultsRequest;
  /** The file the faults came from, recorded in the reports. */
  faultsFile?: string;
  /** How long the reachability check waits for the target's first answer (default 5 s). */
  connectTimeoutMs?: number;
  /** Write report.html, junit.xml and summary.md into the run folder (default true). */
  reports?: boolean;
  /** RATE, DURATION, LATENCY_MS, SLO_*, SESSIONM_*, MEMBERS_FILE, WALLET_SIZE, RUN_ID, SETUP_CONCURRENCY; default process.env. */
  env?: Env;
  log?: (line: string) => void;
}

export interface LoadResult {
  /** As client/exit-codes.ts names them; `runExitCode` picks one when several checks failed. */
  exitCode: number;
  message: string;
  outDir?: string;
  summary?: K6Summary;
  /** Against a mock: the redemptions it recorded during the run next to the flows that ended redeemed. */
  reconciliation?: { mockRedemptions: number; flowsRedeemed: number };
  /** Against a mock: where its state and the run's counters disagree (lost or doubled redemptions, stray locks). */
  integrity?: IntegrityDifference[];
  /** Against a mock: the verdict as the reports show it. */
  integrityReport?: IntegrityInput;
  /** When every flow failed the same way: that cause in one line, with what to check. */
  cause?: string;
  timeseries?: Timeseries;
  baseline?: BaselineComparison;
}

const root = resolve(import.meta.dirname, '..');
const reportsDir = join(root, 'reports');
const passedToScript =
  /^(RATE|DURATION|LATENCY_MS|PRE_ALLOCATED_VUS|MAX_VUS|SLO_\w+|SESSIONM_\w+|MEMBERS_FILE|WALLET_SIZE|RUN_ID|SETUP_CONCURRENCY)$/;

function hasK6(): boolean {
  return spawnSync('k6', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Env for the script: the tunables from `env`, and the target; against the mock every SESSIONM_* is pinned. */
function scriptEnv(env: Env, settings: ProfileSettings, target: string, kind: 'mock' | 'live', outDir: string) {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && passedToScript.test(k)) out[k] = v;
  if (kind === 'mock') {
    for (const name of Object.keys(configVariables)) out[name] = '';
    out.SESSIONM_API_KEY = defaults.apiKey;
    delete out.MEMBERS_FILE;
  } else if (out.MEMBERS_FILE) {
    // k6's open() resolves relative paths from the script, not from here.
    out.MEMBERS_FILE = resolve(out.MEMBERS_FILE);
  }
  Object.assign(out, { PROFILE: settings.profile, SESSIONM_BASE_URL: target, TARGET_KIND: kind, OUT_DIR: outDir });
  return out;
}

// Through the environment, not -e flags: keeps the API key out of the process list.
const childOptions = (env: Record<string, string>) => ({
  stdio: 'inherit' as const,
  cwd: root,
  env: { ...process.env, ...env },
});

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('exit', (code, signal) => done(childExitCode(code, signal)));
  });
}

function runK6(bundle: string, _outDir: string, env: Record<string, string>, jsonOut?: string): Promise<number> {
  const args = ['run', ...(jsonOut ? ['--out', `json=${jsonOut}`] : []), bundle];
  return exitOf(spawn('k6', args, childOptions(env)));
}

/**
 * The embedded engine through its CLI in a child process: the mock keeps this process's core and the
 * engine gets the other, so neither's event loop skews the other's timings.
 */
async function runEmbedded(
  bundle: string,
  outDir: string,
  env: Record<string, string>,
  jsonOut?: string,
): Promise<number> {
  const cli = join(root, 'load', 'engine', 'cli.ts');
  const args = [
    '--import',
    'tsx',
    cli,
    'run',
    bundle,
    '--out',
    outDir,
    ...(jsonOut ? ['--out', `json=${jsonOut}`] : []),
  ];
  return exitOf(spawn(process.execPath, args, childOptions(env)));
}

function failedThresholds(summary: K6Summary): string[] {
  return Object.entries(summary.metrics).flatMap(([name, m]) =>
    Object.entries(m.thresholds ?? {})
      .filter(([, t]) => !t.ok)
      .map(([source]) => `${name} ${source}`),
  );
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function runLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  let settings: ProfileSettings;
  try {
    settings = settingsFromEnv({ ...env, PROFILE: options.profile ?? env.PROFILE });
    walletSizeOf(env);
  } catch (error) {
    if (error instanceof ProfileError) return { exitCode: exitCodes.refused, message: error.message };
    throw error;
  }
  const engine = options.engine ?? 'auto';
  if (!['auto', 'k6', 'node'].includes(engine))
    return { exitCode: exitCodes.refused, message: `--engine must be auto, k6 or node, got "${engine}"` };

  let targetUrl: URL | undefined;
  if (options.target !== undefined) {
    const plan = {
      tool: 'load',
      target: options.target,
      rate: describeProfile(settings),
      volume: `${settings.durationS}s`,
      operations: [
        'getUserOffers',
        'lockUserOffer',
        'sendTransaction',
        'unlockUserOffer',
        'createOffer',
        'issueUserOffer',
      ],
    };
    const verdict = guardTarget(plan, options.yes ?? false, log);
    if (!verdict.allowed) return { exitCode: verdict.exitCode, message: verdict.message };
    targetUrl = new URL(options.target);
  }
  let jsonOut: string | undefined;
  try {
    checkLoadEnv(
      { ...env, PROFILE: settings.profile },
      { live: targetUrl !== undefined && env.TARGET_KIND !== 'mock' },
    );
    if (options.jsonOut) jsonOut = prepareJsonOut(options.jsonOut);
  } catch (error) {
    if (error instanceof PreflightError) return { exitCode: exitCodes.refused, message: error.message };
    throw error;
  }
  let baseline: { summary: K6Summary; source: string } | undefined;
  if (options.baseline) {
    try {
      baseline = await resolveBaseline(options.baseline);
    } catch (error) {
      if (error instanceof BaselineError)
        return { exitCode: exitCodes.refused, message: `--baseline ${error.message}` };
      throw error;
    }
  }
  // A mock may have served others before (npm start verifies contracts first): count this run's share only.
  let before: IntegrityState | undefined;
  if (targetUrl) {
    const reach = await probe(targetUrl.href, options.connectTimeoutMs ? { timeoutMs: options.connectTimeoutMs } : {});
    if (!reach.ok) return { exitCode: exitCodes.refused, message: unreachableLine(reach) };
    // TARGET_KIND=mock with --target: a mock started elsewhere, seeded through its admin API all the same.
    try {
      if (env.TARGET_KIND === 'mock') before = await mockState(targetUrl.href.replace(/\/+$/, ''));
    } catch (error) {
      if (error instanceof MockStateError) return { exitCode: exitCodes.refused, message: error.message };
      throw error;
    }
  }
  const useK6 = engine === 'k6' || (engine === 'auto' && hasK6());
  if (engine === 'k6' && !hasK6())
    return { exitCode: exitCodes.refused, message: '--engine k6: no k6 on PATH (use --engine node)' };

  const [bundle] = await bundleK6Scripts();
  if (!bundle) return { exitCode: exitCodes.failed, message: 'no k6 script in load/scripts' };
  const outDir = resolve(options.outDir ?? join(reportsDir, runDirName('load')));
  await mkdir(outDir, { recursive: true });

  const mock = targetUrl
    ? undefined
    : await (await import('../mock/server.ts')).startMock({
        port: 0,
        ...(options.faults ? { faults: options.faults } : {}),
      });
  try {
    const target = mock ? mock.url : (targetUrl as URL).href.replace(/\/+$/, '');
    log(
      `${describeProfile(settings)}; target ${mock ? `embedded mock ${target}` : target}; engine ${useK6 ? 'k6' : 'embedded (node)'}; output ${outDir}`,
    );
    const kind = mock || env.TARGET_KIND === 'mock' ? 'mock' : 'live';
    if (mock) before = await mockState(target);
    const vars = scriptEnv(env, settings, target, kind, outDir);
    const exitCode = await (useK6 ? runK6 : runEmbedded)(bundle, outDir, vars, jsonOut);
    const summary = await readJson<K6Summary>(join(outDir, 'summary.json'));
    const timeseries = await readJson<Timeseries>(join(outDir, 'timeseries.json'));
    const result: LoadResult = { exitCode, message: '', outDir, ...(summary ? { summary } : {}) };
    if (timeseries) result.timeseries = timeseries;
    if (summary && baseline) {
      result.baseline = { ...compareBaseline(summary, baseline.summary, options.tolerance), source: baseline.source };
    }
    if (before && summary) {
      const after = await mockState(target);
      const flowsRedeemed = summary.metrics.redemption_flow_redeemed?.values.passes ?? 0;
      result.reconciliation = { mockRedemptions: after.redemptions - before.redemptions, flowsRedeemed };
      result.integrity = integrityDifferences(after, summary, before);
      result.integrityReport = {
        ok: result.integrity.length === 0,
        expectedRedemptions: flowsRedeemed,
        recordedRedemptions: after.redemptions - before.redemptions,
        unacknowledgedRedemptions: after.unacknowledged_redemptions - before.unacknowledged_redemptions,
        locksLeft: after.locks - before.locks,
        differences: result.integrity.map((d) => d.message),
      };
    }
    const cause = summary ? runCause(summary) : undefined;
    if (cause) result.cause = cause;
    if (summary && options.reports !== false) {
      const settingsShown = collectSettings({
        target: mock ? `embedded mock ${target}` : target,
        profile: settings.profile,
        engine: useK6 ? 'k6' : 'embedded (node)',
        extra: { rate: describeProfile(settings) },
      });
      const faults = options.faults
        ? { ...(options.faultsFile ? { file: options.faultsFile } : {}), ...options.faults }
        : undefined;
      await writeReports(
        outDir,
        {
          kind: 'load',
          load: {
            summary,
            ...(timeseries ? { timeseries } : {}),
            settings: settingsShown,
            ...(faults ? { faults } : {}),
            ...(result.integrityReport ? { integrity: result.integrityReport } : {}),
          },
          ...(result.baseline ? { baseline: result.baseline } : {}),
          // reports/latest only points into reports/; a folder given with --out is left alone.
        },
        { updateLatest: !options.outDir },
      );
    }
    const regressions = result.baseline?.rows.filter((row) => !row.ok) ?? [];
    const integrityFailed = (result.integrity?.length ?? 0) > 0;
    result.exitCode = runExitCode({
      runExitCode: exitCode,
      correctnessFailed: integrityFailed,
      baselineRegressed: regressions.length > 0,
    });
    // The message follows the code runExitCode chose.
    if (exitCode !== exitCodes.ok && exitCode !== exitCodes.thresholdsFailed) {
      const reason = summary ? setupAbortReason(summary) : undefined;
      result.message = reason
        ? `the run was aborted (exit ${exitCode}): ${reason}`
        : `the run failed with exit code ${exitCode} (104 bad options, 107 script error, 108 setup aborted: see the log above)`;
    } else if (integrityFailed) {
      result.message = `integrity: ${(result.integrity ?? []).map((d) => d.message).join('; ')}`;
    } else if (exitCode === exitCodes.thresholdsFailed) {
      result.message = `thresholds failed: ${summary ? failedThresholds(summary).join('; ') : 'see the log'}`;
    } else if (regressions.length > 0) {
      const tolerance = result.baseline?.tolerance as Tolerance;
      result.message = `slower than the baseline: ${regressions.map((r) => baselineRowText(r, tolerance)).join('; ')}`;
    } else result.message = 'all thresholds held';
    return result;
  } finally {
    await mock?.close();
  }
}
