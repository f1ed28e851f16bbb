// `npm run soak -- [--minutes 3] [--interval 5] [--max-slope 2] [--out DIR]`: the soak profile against the embedded
// mock, with the memory of both processes sampled into memory.json and a verdict on whether it stayed flat.
// The mock runs here (RSS and heap from process.memoryUsage); the engine runs as a child, so its RSS is read from
// /proc/PID/status. RATE and DURATION from the environment override the profile (DURATION wins over --minutes).
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configVariables, defaults } from '../client/config.ts';
import { childExitCode, exitCodes, runExitCode } from '../client/exit-codes.ts';
import { bundleK6Scripts } from '../load/bundle.ts';
import { integrityDifferences } from '../load/integrity.ts';
import { emptySeries, memoryVerdict, sample } from '../load/memory.ts';
import type { K6Summary as SummaryData } from '../load/results.ts';
import { startMock } from '../mock/server.ts';
import { collectSettings, type K6Summary, runDirName, type Timeseries, writeReports } from '../reporting/index.ts';
import { runCommand } from './cli.ts';

const root = resolve(import.meta.dirname, '..');
const usage = `usage: npm run soak -- [--minutes 3] [--interval 5] [--max-slope 2] [--out DIR]
  --minutes    how long the soak runs (default 3; env DURATION overrides it)
  --interval   seconds between memory samples (default 5)
  --max-slope  MB/min of RSS growth over the second half still judged flat (default 2)
  --out        output folder (default reports/<timestamp>-soak)
exit codes: 0 memory flat and thresholds held, 1 memory grew or mock state disagrees (also when a threshold failed),
  99 a threshold failed, 2 bad arguments, 107/108 the script failed or its set-up aborted`;

function positive(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!(n > 0 && n <= max)) throw new Error(`--${name} must be a number above 0 and at most ${max}, got "${value}"`);
  return n;
}

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '3' },
      interval: { type: 'string', default: '5' },
      'max-slope': { type: 'string', default: '2' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  return {
    help: values.help === true,
    minutes: positive(values.minutes, 'minutes', 24 * 60),
    intervalS: positive(values.interval, 'interval', 600),
    maxSlope: positive(values['max-slope'], 'max-slope', 10_000),
    outDir: resolve(values.out ?? join(root, 'reports', runDirName('soak'))),
    ownOutDir: values.out !== undefined,
  };
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options();
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return exitCodes.refused;
  }
  if (opts.help) {
    console.log(usage);
    return exitCodes.ok;
  }
  const [bundle] = await bundleK6Scripts();
  if (!bundle) return exitCodes.failed;
  await mkdir(opts.outDir, { recursive: true });
  const mock = await startMock({ port: 0 });
  try {
    const duration = process.env.DURATION || `${opts.minutes}m`;
    const rate = process.env.RATE || '100';
    // As runLoad does for its own mock: every SESSIONM_* pinned, the key through the environment.
    const pinned = Object.fromEntries(Object.keys(configVariables).map((name) => [name, '']));
    const env = {
      ...process.env,
      ...pinned,
      SESSIONM_API_KEY: defaults.apiKey,
      SESSIONM_BASE_URL: mock.url,
      TARGET_KIND: 'mock',
      PROFILE: 'soak',
      RATE: rate,
      DURATION: duration,
      OUT_DIR: opts.outDir,
    };
    console.log(`soak: ${rate} flows/s for ${duration} against the embedded mock ${mock.url}; output ${opts.outDir}`);
    const cli = join(root, 'load', 'engine', 'cli.ts');
    // The mock starts with its demo data: compare what the run changed.
    const before = mock.state();
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'run', bundle, '--out', opts.outDir], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    const series = emptySeries();
    const started = performance.now();
    const pid = child.pid as number;
    sample(series, 0, pid);
    const timer = setInterval(() => sample(series, (performance.now() - started) / 1000, pid), opts.intervalS * 1000);
    const exitCode = await new Promise<number>((done, fail) => {
      child.on('error', fail);
      child.on('exit', (code, signal) => done(childExitCode(code, signal)));
    }).finally(() => clearInterval(timer));

    const verdict = memoryVerdict(series, opts.maxSlope);
    const summary = JSON.parse(
      await readFile(join(opts.outDir, 'summary.json'), 'utf8').catch(() => 'null'),
    ) as SummaryData | null;
    const differences = summary ? integrityDifferences(mock.state(), summary, before) : [];
    const memory = { version: 1, intervalS: opts.intervalS, rate: Number(rate), duration, ...series, verdict };
    if (summary) {
      const timeseries = JSON.parse(
        await readFile(join(opts.outDir, 'timeseries.json'), 'utf8').catch(() => 'null'),
      ) as Timeseries | null;
      await writeReports(
        opts.outDir,
        {
          kind: 'soak',
          load: {
            summary: summary as K6Summary,
            ...(timeseries ? { timeseries } : {}),
            memory,
            settings: collectSettings({
              target: `embedded mock ${mock.url}`,
              profile: 'soak',
              engine: 'embedded (node)',
            }),
          },
        },
        { updateLatest: !opts.ownOutDir },
      );
    } else {
      await writeFile(join(opts.outDir, 'memory.json'), `${JSON.stringify(memory, null, 1)}\n`);
    }
    console.log(`soak: ${verdict.message}`);
    for (const d of differences) console.error(`soak: mock state disagrees: ${d.message}`);
    console.log(`soak: memory samples in ${join(opts.outDir, 'memory.json')}`);
    return runExitCode({ runExitCode: exitCode, correctnessFailed: !verdict.flat || differences.length > 0 });
  } finally {
    await mock.close();
  }
}

await runCommand('soak', main);
