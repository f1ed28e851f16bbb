// `npm run verify -- --base-url URL [--offers-url URL] [--pos-url URL] [--fixtures FILE] [--strict]`: verifies the
// pacts in contracts/pacts against a running SessionM. Key from SESSIONM_API_KEY. Exit 0 when every documented
// expectation holds (differences from our assumptions and states not run are listed); --strict fails those too.
import { parseArgs } from 'node:util';
import { ConfigError } from '../client/config.ts';
import { FixturesError } from '../contracts/provider/fixtures.ts';
import { MissingPactsError, providerFromOptions, verifyLive } from '../contracts/provider/live.ts';
import { verificationRunDir, writeVerificationReports } from '../contracts/provider/reports.ts';
import { describeResults, runPassed } from '../contracts/provider/results.ts';

const usage =
  'usage: npm run verify -- --base-url URL [--offers-url URL] [--pos-url URL] [--fixtures FILE] [--timeout SECONDS] [--strict]';

function options() {
  const { values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      'offers-url': { type: 'string' },
      'pos-url': { type: 'string' },
      fixtures: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      strict: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0)
    throw new ConfigError(`--timeout must be whole seconds, got "${values.timeout}"`);
  return { ...providerFromOptions(values, process.env), timeoutMs: timeout * 1000, strict: values.strict };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof FixturesError || error instanceof TypeError) {
      console.error(`${error.message}\n${usage}`);
      return 2;
    }
    throw error;
  }
  const { config, fixtures, timeoutMs, strict } = parsed;
  if (!process.env.SESSIONM_API_KEY) console.log("SESSIONM_API_KEY is not set: using the embedded mock's demo key");
  console.log(`verifying contracts/pacts against offers ${config.offersUrl} and POS ${config.posUrl}`);
  const startedAt = new Date();
  let run: Awaited<ReturnType<typeof verifyLive>>;
  try {
    run = await verifyLive({
      offersUrl: config.offersUrl,
      posUrl: config.posUrl,
      apiKey: config.apiKey,
      fixtures,
      timeoutMs,
    });
  } catch (error) {
    if (error instanceof MissingPactsError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const files = await writeVerificationReports(verificationRunDir(startedAt), run.results, run.output, {
    offersUrl: config.offersUrl,
    posUrl: config.posUrl,
    strict,
  });
  console.log(describeResults(run.results, strict));
  console.log(`reports: ${files.html}, ${files.junit}, ${files.markdown}, ${files.verifierOutput}`);
  return runPassed(run.results, strict) ? 0 : 1;
}

process.exitCode = await main();
