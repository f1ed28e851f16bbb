// `npm run load -- [--target URL] [--profile NAME] [--engine auto|k6|node] [--out DIR] [--out json=FILE] [--baseline PATH] [--faults FILE] [--yes]`
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../client/config.ts';
import { exitCodes } from '../client/exit-codes.ts';
import { connectTimeoutMs, defaultConnectTimeoutS } from '../client/reach.ts';
import { type Baseline, DEFAULT_TOLERANCE } from '../load/compare-baseline.ts';
import { profileNames } from '../load/lib/profiles.ts';
import type { EngineChoice, LoadOptions } from '../load/run.ts';
import { readFaultsFile } from '../mock/faults.ts';
import { BaselineError, resolveBaseline } from '../reporting/baseline.ts';
import { defaultRunDir } from '../reporting/run-folder.ts';
import type { MockFaultsRequest } from '../schemas/generated/types.ts';
import { runCommand, UsageError } from './cli.ts';

const usage = `usage: npm run load -- [--target URL] [--profile ${profileNames.join('|')}] [--engine auto|k6|node] [--out DIR] [--out json=FILE] [--baseline PATH] [--faults FILE] [--connect-timeout SECONDS] [--yes]
  --target          base URL of the SessionM APIs; default: the embedded mock, started and stopped here
  --connect-timeout seconds the target has to answer a first request before anything runs (default ${defaultConnectTimeoutS})
  --profile         load profile (default load); RATE, DURATION, LATENCY_MS, PRE_ALLOCATED_VUS, MAX_VUS and SLO_* env vars tune it
  --engine          auto (k6 when on PATH, else the embedded engine), k6 or node
  --out DIR         output folder (default reports/<timestamp>-load, linked from reports/latest)
  --out json=FILE   also write k6's JSON-lines metrics to FILE
  --baseline PATH   a saved run folder or its summary.json: fail when per-step p95/p99 or the error rate got worse
  --p95-pct N       allowed p95 increase over the baseline, percent (default ${DEFAULT_TOLERANCE.p95Pct})
  --p99-pct N       allowed p99 increase over the baseline, percent (default ${DEFAULT_TOLERANCE.p99Pct})
  --error-rate-pts N  allowed error-rate increase, percentage points (default ${DEFAULT_TOLERANCE.errorRatePts})
  --faults FILE     inject faults into the embedded mock (see mock/README.md; not with --target)
  --yes             confirm a run against a non-loopback target
every env var is checked before anything starts; setup may take up to 10 min (setupTimeout) against a live target
exit codes: 0 thresholds held, 99 a threshold failed or the baseline regressed, 1 the mock's state disagrees
  (integrity), 2 refused, unreachable or bad arguments (nothing was sent), 107/108 the script failed or setup aborted`;

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`--${name} must be a number ≥ 0, got "${text}"`);
  return value;
}

/** The run's options, and what this command does around it: the baseline to read, the run folder to write. */
interface Command {
  load: Omit<LoadOptions, 'baseline'>;
  baseline?: string;
  outDir?: string;
}

function options(): Command | 'help' {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      profile: { type: 'string' },
      engine: { type: 'string' },
      out: { type: 'string', multiple: true },
      baseline: { type: 'string' },
      faults: { type: 'string' },
      'p95-pct': { type: 'string' },
      'p99-pct': { type: 'string' },
      'error-rate-pts': { type: 'string' },
      'connect-timeout': { type: 'string' },
      yes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const outs = values.out ?? [];
  const jsonOut = outs.find((o) => o.startsWith('json='))?.slice('json='.length);
  const dirs = outs.filter((o) => !o.startsWith('json='));
  if (dirs.length > 1) throw new UsageError(`--out DIR given ${dirs.length} times`);
  if (jsonOut === '') throw new UsageError('--out json=FILE needs a file name');
  if (values.faults && values.target) throw new UsageError('--faults applies to the embedded mock, not to --target');
  let faults: MockFaultsRequest | undefined;
  try {
    faults = values.faults ? readFaultsFile(values.faults) : undefined;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let timeoutMs: number;
  try {
    timeoutMs = connectTimeoutMs(values['connect-timeout']);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const tolerance = {
    p95Pct: number('p95-pct', values['p95-pct']),
    p99Pct: number('p99-pct', values['p99-pct']),
    errorRatePts: number('error-rate-pts', values['error-rate-pts']),
  };
  const load: Command['load'] = {
    ...(values.target ? { target: values.target } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(jsonOut ? { jsonOut } : {}),
    ...(faults ? { faults, faultsFile: values.faults as string } : {}),
    connectTimeoutMs: timeoutMs,
    tolerance: Object.fromEntries(Object.entries(tolerance).filter(([, v]) => v !== undefined)),
    engine: (values.engine ?? 'auto') as EngineChoice,
    yes: values.yes ?? false,
  };
  return { load, ...(values.baseline ? { baseline: values.baseline } : {}), ...(dirs[0] ? { outDir: dirs[0] } : {}) };
}

/** The baseline read now, before anything starts: links such as reports/latest name the run they point at today. */
async function readBaseline(path: string | undefined): Promise<Baseline | undefined> {
  if (path === undefined) return undefined;
  try {
    return await resolveBaseline(path);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(`--baseline ${error.message}`);
    throw error;
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options();
  } catch (error) {
    // parseArgs throws TypeErrors for unknown or malformed options: the user's mistake, not ours.
    if (error instanceof UsageError || error instanceof TypeError) throw new UsageError(error.message, usage);
    throw error;
  }
  if (parsed === 'help') {
    console.log(usage);
    return exitCodes.ok;
  }
  const baseline = await readBaseline(parsed.baseline);
  // reports/latest only points into reports/; a folder given with --out is left alone.
  const runDir = resolve(parsed.outDir ?? defaultRunDir('load'));
  // The run and the reports load only now: --help and a bad argument answer without them.
  const [{ runLoad }, { baselineLines, integrityLine, writeReports }] = await Promise.all([
    import('../load/run.ts'),
    import('../reporting/index.ts'),
  ]);
  const result = await runLoad({ ...parsed.load, ...(baseline ? { baseline } : {}), reportDir: runDir });
  if (result.report) {
    const input = {
      kind: 'load',
      load: result.report,
      ...(result.baseline ? { baseline: result.baseline } : {}),
    } as const;
    await writeReports(runDir, input, { updateLatest: !parsed.outDir });
  }
  // One cause behind every failure goes first, then the details.
  if (result.cause) console.error(`load: ${result.cause}`);
  if (result.baseline) for (const line of baselineLines(result.baseline)) console.log(line);
  if (result.integrityReport) console.log(integrityLine(result.integrityReport));
  if (result.report) console.log(`report: ${runDir}/report.html`);
  (result.exitCode === exitCodes.ok ? console.log : console.error)(`load: ${result.message}`);
  return result.exitCode;
}

await runCommand('load', main);
