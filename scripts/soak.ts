// `npm run soak -- [--minutes 3] [--interval 5] [--max-slope 2] [--out DIR]`: the soak profile against the embedded
// mock, with the memory of both processes sampled into memory.json and a verdict on whether it stayed flat.
// The mock runs here (RSS and heap from process.memoryUsage); the engine runs as a child, so its RSS is read from
// /proc/PID/status. RATE and DURATION from the environment override the profile (DURATION wins over --minutes).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodes, runExitCode } from '../client/exit-codes.ts';
import { emptySeries, type MemoryRecord, memoryVerdict, sample } from '../load/memory.ts';
import { runLoad } from '../load/run.ts';
import { defaultRunDir, writeReports, writeRunFolder } from '../reporting/index.ts';
import { runCommand } from './cli.ts';

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
    outDir: resolve(values.out ?? defaultRunDir('soak')),
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
  const duration = process.env.DURATION || `${opts.minutes}m`;
  const rate = process.env.RATE || '100';
  console.log(`soak: ${rate} flows/s for ${duration} against the embedded mock; output ${opts.outDir}`);
  // The mock runs in this process (runLoad starts it), the engine in the child whose pid the run reports.
  const series = emptySeries();
  const run = await runLoad({
    profile: 'soak',
    engine: 'node',
    env: { ...process.env, RATE: rate, DURATION: duration },
    onStart: (pid) => {
      const started = performance.now();
      sample(series, 0, pid);
      const timer = setInterval(() => sample(series, (performance.now() - started) / 1000, pid), opts.intervalS * 1000);
      return () => clearInterval(timer);
    },
  });
  if (!run.launch) {
    console.error(`soak: ${run.message}`);
    return run.exitCode;
  }
  const verdict = memoryVerdict(series, opts.maxSlope);
  const memory: MemoryRecord = {
    version: 1,
    intervalS: opts.intervalS,
    rate: Number(rate),
    duration,
    ...series,
    verdict,
  };
  if (run.report) {
    await writeReports(
      opts.outDir,
      { kind: 'soak', load: { ...run.report, memory } },
      { updateLatest: !opts.ownOutDir },
    );
  } else {
    await writeRunFolder(opts.outDir, { 'memory.json': `${JSON.stringify(memory, null, 1)}\n` });
  }
  console.log(`soak: ${verdict.message}`);
  for (const d of run.integrity ?? []) console.error(`soak: mock state disagrees: ${d.message}`);
  console.log(`soak: memory samples in ${join(opts.outDir, 'memory.json')}`);
  return runExitCode({ runExitCode: run.exitCode, correctnessFailed: !verdict.flat });
}

await runCommand('soak', main);
