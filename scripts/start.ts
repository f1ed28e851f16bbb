// `npm start`: the main job. Starts the embedded mock, verifies the contracts and runs the default load profile
// against it, writes one report folder, prints what passed, and exits non-zero when anything failed.
import { join, resolve } from 'node:path';
import { defaults } from '../client/config.ts';
import { exitCodes, runExitCode } from '../client/exit-codes.ts';
import { describeProfile, settingsFromEnv } from '../load/lib/profiles.ts';
import { checkLoadEnv } from '../load/preflight.ts';
import type { K6Summary } from '../reporting/index.ts';
import { stepRows, thresholdRows } from '../reporting/summary-data.ts';
import { helpOnly, runCommand } from './cli.ts';

const root = resolve(import.meta.dirname, '..');
const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);

function loadLines(summary: K6Summary): string[] {
  const steps = stepRows(summary).map(
    (s) => `  ${s.label.padEnd(11)} p95 ${ms(s.values.p95).padStart(9)}   p99 ${ms(s.values.p99).padStart(9)}`,
  );
  const failed = thresholdRows(summary).filter((t) => !t.ok);
  const verdict = failed.length
    ? `thresholds: ${failed.length} FAILED: ${failed.map((t) => `${t.metric} ${t.expr}`).join('; ')}`
    : `thresholds: all ${thresholdRows(summary).length} held`;
  return [...steps, `  ${verdict}`];
}

const usage = `usage: npm start   (no options; starts nothing with --help)
  the main job: the embedded mock, the consumer tests (pacts), their verification against the mock, the load
  profile against it (RATE, DURATION, LATENCY_MS, SLO_* env vars tune it; each is checked before anything starts),
  one report folder reports/<timestamp>-start
exit codes: 0 all passed, 1 the contracts or the mock's integrity failed (also when a threshold failed too),
  99 a load threshold failed, 2 a bad env var (nothing started), 107/108 the load script failed or its setup
  aborted (whatever else failed)`;

async function main(): Promise<number> {
  if (helpOnly(process.argv.slice(2), usage)) return exitCodes.ok;
  const env = process.env;
  // Every value the load part will read, before the mock and the contract work start.
  checkLoadEnv({ ...env, PROFILE: 'load' }, { live: false });
  // The mock, Pact (its native library), the run and the reports load only once the env vars passed: --help and a
  // bad value don't wait for them.
  const [
    { generatePacts },
    { loadFixtures },
    { toReportInteractions },
    { describeResults, runPassed },
    { verifyLocalPacts },
    { runLoad },
    { startMock },
    { collectSettings, defaultRunDir, integrityLine, writeReports },
  ] = await Promise.all([
    import('../contracts/generate.ts'),
    import('../contracts/provider/fixtures.ts'),
    import('../contracts/provider/reports.ts'),
    import('../contracts/provider/results.ts'),
    import('../contracts/provider/verify-local-pacts.ts'),
    import('../load/run.ts'),
    import('../mock/server.ts'),
    import('../reporting/index.ts'),
  ]);
  const runDir = defaultRunDir('start');
  const mock = await startMock({ port: 0, apiKey: defaults.apiKey });
  try {
    console.log(`embedded SessionM mock on ${mock.url}`);

    console.log('contracts: writing pacts (consumer tests)…');
    if ((await generatePacts()) !== 0) {
      console.error('contracts: the consumer tests failed (output above)');
      return exitCodes.failed;
    }
    console.log('contracts: verifying both pacts against the mock…');
    const fixtures = loadFixtures(join(root, 'contracts', 'fixtures.example.json'), {});
    const verification = await verifyLocalPacts({
      offersUrl: mock.url,
      posUrl: mock.url,
      apiKey: defaults.apiKey,
      fixtures,
    });
    // The embedded mock makes every choice our assumptions describe: any difference from them is a defect here.
    const contractsPassed = runPassed(verification.results, true);
    console.log(describeResults(verification.results, true));

    const settings = settingsFromEnv({ ...env, PROFILE: 'load' });
    console.log(`load: ${describeProfile(settings)}…`);
    const load = await runLoad({ mock, profile: 'load', env, log: () => {} });

    const shown = load.settings ?? collectSettings({ target: `embedded mock ${mock.url}`, profile: 'load' });
    const files = await writeReports(runDir, {
      kind: 'start',
      verify: { interactions: toReportInteractions(verification.results, true), settings: shown, strict: true },
      ...(load.report ? { load: load.report } : {}),
    });

    console.log('');
    console.log(`contracts: ${contractsPassed ? 'passed' : 'FAILED'}`);
    console.log(`load: ${load.exitCode === 0 ? 'passed' : 'FAILED'}: ${load.message}`);
    if (load.summary) for (const line of loadLines(load.summary)) console.log(line);
    if (load.cause) console.log(`  ${load.cause}`);
    if (load.integrityReport) console.log(`  ${integrityLine(load.integrityReport)}`);
    console.log(`report: ${files.html}`);
    // The contracts are a check of correctness, as the mock's integrity is (runExitCode says which code wins).
    return runExitCode({ runExitCode: load.exitCode, correctnessFailed: !contractsPassed });
  } finally {
    await mock.close();
  }
}

await runCommand('start', main);
