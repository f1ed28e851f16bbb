// `npm run verify -- --base-url URL [--offers-url URL] [--pos-url URL] [--fixtures FILE]`: verifies the pacts in
// contracts/pacts against a running SessionM. Key from SESSIONM_API_KEY; exit 0 only when every interaction verifies.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../client/config.ts';
import { connectTimeoutMs, defaultConnectTimeoutS, unreachable, unreachableExitCode } from '../client/reach.ts';
import { commonFailure } from '../contracts/provider/diagnosis.ts';
import { providerFromOptions, verifyLive } from '../contracts/provider/live.ts';
import { writeVerificationReports } from '../contracts/provider/reports.ts';
import { describeResults } from '../contracts/provider/results.ts';
import { runDirName } from '../reporting/index.ts';
import { runCommand, UsageError, wantsHelp } from './cli.ts';

const usage = `usage: npm run verify -- --base-url URL [--offers-url URL] [--pos-url URL] --fixtures FILE [--timeout SECONDS] [--connect-timeout SECONDS]
  --base-url         base URL of both APIs (or give --offers-url and --pos-url)
  --fixtures         the ids the API cannot create: a copy of contracts/fixtures.example.json filled in (each value
                     overridable by its SESSIONM_* variable)
  --timeout          the whole verification's deadline, seconds (default 600)
  --connect-timeout  seconds each API has to answer a first request before anything runs (default ${defaultConnectTimeoutS})
  the key comes from SESSIONM_API_KEY; reports go to reports/<timestamp>-verify/
exit codes: 0 every interaction verified, 1 an interaction failed, 2 bad arguments or an API unreachable (nothing sent)`;

function options(args: string[]) {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0)
    throw new UsageError(`--timeout must be whole seconds, got "${values.timeout}"`, usage);
  try {
    return {
      ...providerFromOptions(values, process.env),
      timeoutMs: timeout * 1000,
      connectMs: connectTimeoutMs(values['connect-timeout']),
    };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message, usage);
    throw error;
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      'base-url': { type: 'string' },
      'offers-url': { type: 'string' },
      'pos-url': { type: 'string' },
      fixtures: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      'connect-timeout': { type: 'string' },
    },
    strict: true,
  }).values;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(usage);
    return 0;
  }
  const { config, fixtures, timeoutMs, connectMs } = options(args);
  const targets =
    config.posUrl === config.offersUrl
      ? [{ url: config.offersUrl, what: 'the SessionM APIs' }]
      : [
          { url: config.offersUrl, what: 'the Offers API' },
          { url: config.posUrl, what: 'the POS API' },
        ];
  const down = await unreachable(targets, { timeoutMs: connectMs });
  for (const line of down) console.error(`verify: ${line}`);
  if (down.length > 0) return unreachableExitCode;
  if (!process.env.SESSIONM_API_KEY && !process.env.SESSIONM_API_SECRET)
    console.log("SESSIONM_API_KEY is not set: using the embedded mock's demo key");
  console.log(`verifying contracts/pacts against offers ${config.offersUrl} and POS ${config.posUrl}`);
  const startedAt = new Date();
  const run = await verifyLive({
    offersUrl: config.offersUrl,
    posUrl: config.posUrl,
    apiKey: config.apiKey,
    fixtures,
    timeoutMs,
  });
  const dir = join('reports', runDirName('verify', startedAt));
  const files = await writeVerificationReports(dir, run.results, run.output, {
    offersUrl: config.offersUrl,
    posUrl: config.posUrl,
  });
  // One cause behind every failure goes first, then the details.
  const cause = commonFailure(run.results);
  if (cause) console.log(`verify: ${cause}`);
  console.log(describeResults(run.results));
  console.log(`reports: ${files.html}, ${files.junit}, ${files.markdown}, ${files.verifierOutput}`);
  return run.passed ? 0 : 1;
}

await runCommand('verify', main);
