// `npm run verify -- --base-url URL [--offers-url URL] [--pos-url URL] [--fixtures FILE] [--strict]`: verifies the
// pacts in contracts/pacts against a running SessionM. Key from SESSIONM_API_KEY. Exit 0 when every documented
// expectation holds (differences from our assumptions and states not run are listed); --strict fails those too.
import { parseArgs } from 'node:util';
import { ConfigError } from '../client/config.ts';
import { exitCodes } from '../client/exit-codes.ts';
import { connectTimeoutMs, defaultConnectTimeoutS, unreachable } from '../client/reach.ts';
import { commonFailure } from '../contracts/provider/diagnosis.ts';
import { verificationRunDir, writeVerificationReports } from '../contracts/provider/reports.ts';
import { describeResults, runPassed } from '../contracts/provider/results.ts';
import { verifyLocalPacts } from '../contracts/provider/verify-local-pacts.ts';
import { runCommand, UsageError, wantsHelp } from './cli.ts';
import { providerFromOptions } from './provider-options.ts';

const usage = `usage: npm run verify -- --base-url URL [--offers-url URL] [--pos-url URL] --fixtures FILE [--timeout SECONDS] [--connect-timeout SECONDS] [--strict]
  --base-url         base URL of both APIs (or give --offers-url and --pos-url)
  --fixtures         the ids the API cannot create: a copy of contracts/fixtures.example.json filled in (each value
                     overridable by its SESSIONM_* variable)
  --strict           also fail on differences from our assumptions and on states not run
  --timeout          the whole verification's deadline, seconds (default 600)
  --connect-timeout  seconds each API has to answer a first request before anything runs (default ${defaultConnectTimeoutS})
  the key comes from SESSIONM_API_KEY (or SESSIONM_API_SECRET); reports go to reports/<timestamp>-verify/
exit codes: 0 every documented expectation held, 1 one failed (with --strict: or an assumption differed, or a state
  did not run), 2 bad arguments, no pacts, or an API unreachable (nothing sent)`;

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
      strict: values.strict,
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
      strict: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(usage);
    return exitCodes.ok;
  }
  const { config, fixtures, timeoutMs, connectMs, strict } = options(args);
  const targets =
    config.posUrl === config.offersUrl
      ? [{ url: config.offersUrl, what: 'the SessionM APIs' }]
      : [
          { url: config.offersUrl, what: 'the Offers API' },
          { url: config.posUrl, what: 'the POS API' },
        ];
  const down = await unreachable(targets, { timeoutMs: connectMs });
  for (const line of down) console.error(`verify: ${line}`);
  if (down.length > 0) return exitCodes.refused;
  if (!process.env.SESSIONM_API_KEY && !process.env.SESSIONM_API_SECRET)
    console.log("SESSIONM_API_KEY is not set: using the embedded mock's demo key");
  console.log(`verifying contracts/pacts against offers ${config.offersUrl} and POS ${config.posUrl}`);
  const startedAt = new Date();
  // No pacts (MissingPactsError) is a user's mistake: scripts/cli.ts prints it in one line, exit 2.
  const run = await verifyLocalPacts({
    offersUrl: config.offersUrl,
    posUrl: config.posUrl,
    apiKey: config.apiKey,
    fixtures,
    timeoutMs,
  });
  const files = await writeVerificationReports(verificationRunDir(startedAt), run.results, run.output, {
    offersUrl: config.offersUrl,
    posUrl: config.posUrl,
    strict,
  });
  // One cause behind every failure goes first, then the details.
  const cause = commonFailure(run.results);
  if (cause) console.log(`verify: ${cause}`);
  console.log(describeResults(run.results, strict));
  console.log(`reports: ${files.html}, ${files.junit}, ${files.markdown}, ${files.verifierOutput}`);
  return runPassed(run.results, strict) ? exitCodes.ok : exitCodes.failed;
}

await runCommand('verify', main);
