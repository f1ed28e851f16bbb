// npm run report -- DIR [--baseline PATH] [--p95-pct N] [--p99-pct N] [--error-rate-pts N]
import { parseArgs } from 'node:util';
import { exitCodes, runExitCode } from '../client/exit-codes.ts';
import { compareBaseline, DEFAULT_TOLERANCE } from '../load/compare-baseline.ts';
import { BaselineError, baselineLines, resolveBaseline } from './baseline.ts';
import { integrityLine } from './run-facts.ts';
import { thresholdRows } from './summary-data.ts';
import type { ReportInput, Tolerance } from './types.ts';
import { verdict } from './verdict.ts';
import { RunFolderError, readRun, writeReports } from './write.ts';

const USAGE = `usage: npm run report -- RUN_DIR [--baseline RUN_DIR|summary.json] [--p95-pct N] [--p99-pct N] [--error-rate-pts N]
  rebuilds report.html, junit.xml and summary.md of a run folder, and prints its verdict
  --baseline        compare the run's per-step p95/p99 and error rate with a saved run (links are followed)
  --p95-pct N       allowed p95 increase, percent (default ${DEFAULT_TOLERANCE.p95Pct}; only with --baseline)
  --p99-pct N       allowed p99 increase, percent (default ${DEFAULT_TOLERANCE.p99Pct}; only with --baseline)
  --error-rate-pts N  allowed error-rate increase, percentage points (default ${DEFAULT_TOLERANCE.errorRatePts}; only with --baseline)
exit codes as npm run load: 0 passed, 99 a threshold failed or the baseline regressed, 1 a contract interaction,
  the integrity check or a soak's memory failed (also when a threshold failed too), 2 bad arguments or a folder
  with nothing to report`;

class UsageError extends Error {}

function number(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UsageError(`--${name} must be a number ≥ 0, got "${v}"`);
  return n;
}

function options(args: string[]) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help' as const;
  const [dir] = positionals;
  if (!dir) throw new UsageError('give the run folder to report, e.g. reports/latest');
  if (positionals.length > 1)
    throw new UsageError(`one run folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const tolerance: Partial<Tolerance> = {};
  const p95 = number('p95-pct', values['p95-pct']);
  const p99 = number('p99-pct', values['p99-pct']);
  const err = number('error-rate-pts', values['error-rate-pts']);
  if (p95 !== undefined) tolerance.p95Pct = p95;
  if (p99 !== undefined) tolerance.p99Pct = p99;
  if (err !== undefined) tolerance.errorRatePts = err;
  if (!values.baseline && Object.keys(tolerance).length > 0) {
    throw new UsageError('--p95-pct, --p99-pct and --error-rate-pts apply only with --baseline');
  }
  return { dir, baseline: values.baseline, tolerance };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      baseline: { type: 'string' },
      'p95-pct': { type: 'string' },
      'p99-pct': { type: 'string' },
      'error-rate-pts': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The exit code npm run load (npm start, npm run soak) would have given this run. */
function exitCodeOf(input: ReportInput): number {
  const thresholdsFailed = input.load ? thresholdRows(input.load.summary).some((t) => !t.ok) : false;
  return runExitCode({
    runExitCode: thresholdsFailed ? exitCodes.thresholdsFailed : exitCodes.ok,
    correctnessFailed:
      input.load?.integrity?.ok === false ||
      input.load?.memory?.verdict.flat === false ||
      (input.verify?.interactions.some((i) => !i.ok) ?? false),
    baselineRegressed: input.baseline?.ok === false,
  });
}

async function main(args: string[]): Promise<number> {
  const opts = options(args);
  if (opts === 'help') {
    console.log(USAGE);
    return exitCodes.ok;
  }
  const input = await readRun(opts.dir);
  if (opts.baseline) {
    if (!input.load) throw new UsageError(`${opts.dir} is not a load run: there is nothing to compare with a baseline`);
    const baseline = await resolveBaseline(opts.baseline);
    input.baseline = {
      ...compareBaseline(input.load.summary, baseline.summary, opts.tolerance),
      source: baseline.source,
    };
  }
  const out = await writeReports(opts.dir, input, { updateLatest: false });
  console.log(`wrote ${out.html}\nwrote ${out.junit}\nwrote ${out.markdown}`);
  if (input.baseline) for (const line of baselineLines(input.baseline)) console.log(line);
  if (input.load?.integrity) console.log(integrityLine(input.load.integrity));
  const v = verdict(input);
  const code = exitCodeOf(input);
  (code === exitCodes.ok ? console.log : console.error)(
    `report: ${v.ok ? 'PASSED' : `FAILED: ${v.reasons.join(', ')}`}`,
  );
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const user = error instanceof UsageError || error instanceof BaselineError || error instanceof RunFolderError;
    if (user) {
      console.error(`report: ${(error as Error).message}${error instanceof UsageError ? `\n${USAGE}` : ''}`);
      process.exitCode = exitCodes.refused;
      return;
    }
    console.error('report: internal error, a bug in the suite (not in your input); please report it with this trace:');
    console.error(error instanceof Error ? error.stack : String(error));
    process.exitCode = exitCodes.bug;
  },
);
