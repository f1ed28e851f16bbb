// The broker steps of CI, one function per command: publish, can-i-deploy, record-deployment, verify (provider
// side, pacts pulled by selectors), publish-provider-contract (bi-directional). Exit codes: 0 ok, 1 failed, 2 misuse.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../client/config.ts';
import { exitCodes } from '../../client/exit-codes.ts';
import { connectTimeoutMs, defaultConnectTimeoutS, type ReachTarget, unreachable } from '../../client/reach.ts';
import { pactDir, participants, shownPactDir } from '../../contracts/names.ts';
import { commonFailure } from '../../contracts/provider/diagnosis.ts';
import { FixturesError } from '../../contracts/provider/fixtures.ts';
import { verificationRunDir, writeVerificationReports } from '../../contracts/provider/reports.ts';
import { describeResults, runPassed } from '../../contracts/provider/results.ts';
import { runVerification } from '../../contracts/provider/verify-in-child.ts';
import { fixturesJob } from '../../contracts/provider/verify-local-pacts.ts';
import type { ProviderTarget } from '../../contracts/provider/verify-target.ts';
import { readRun, verdict } from '../../reporting/index.ts';
import { bundledOpenApiFile } from '../../schemas/catalog.ts';
import { providerFromOptions } from '../provider-options.ts';
import {
  BrokerConfigError,
  type BrokerEnv,
  brokerEnv,
  canIDeployArgs,
  commandLine,
  consumers,
  type GitVersion,
  gitVersion,
  providerContractArgs,
  providers,
  publishArgs,
  recordDeploymentArgs,
  runBrokerCli,
} from './broker.ts';

type Env = Record<string, string | undefined>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface Context {
  args: string[];
  env: Env;
  io: Io;
  broker: BrokerEnv;
  git: GitVersion;
}

export const usage = `usage: npm run broker -- <command> [options]   (PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN must be set)
  publish [--build-url URL]                          publish contracts/pacts (version = git sha, with branch)
  can-i-deploy --to-environment ENV [--retry-while-unknown N (default 10)] [--retry-interval SECONDS (default 30)]
  record-deployment --environment ENV                record both consumers' version as deployed
  verify --base-url URL [--offers-url URL] [--pos-url URL] [--fixtures FILE] [--pact-url URL] [--strict]
         [--publish [--provider-version V] [--provider-branch B]] [--include-wip-since YYYY-MM-DD]
                                                     provider side: pacts by selectors, pending and WIP on
  publish-provider-contract --verification DIR       bundled OpenAPI + a reports/<…>-verify folder (bi-directional)
  every command: [--timeout SECONDS] the call's deadline (default 60; can-i-deploy: its retries × interval + 60,
                 360 by default; verify: 600)
                 [--connect-timeout SECONDS] the broker (and, for verify, the provider) must answer a first
                 request within it before anything runs (default ${defaultConnectTimeoutS})
exit codes: 0 ok, 1 the broker said no (or a verification failed, or the call timed out),
  2 bad arguments or unset variables, or the broker or provider unreachable (nothing sent)`;

class UsageError extends Error {}

/** The broker (or a provider) did not answer a first request: nothing was sent. */
class UnreachableError extends Error {}

function options<T extends Record<string, { type: 'string' | 'boolean'; default?: string }>>(args: string[], spec: T) {
  try {
    return parseArgs({
      args,
      options: { ...spec, timeout: { type: 'string' }, 'connect-timeout': { type: 'string' } },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reachability first: the broker, and any other target the command will call, each answers or the command stops. */
async function ensureReachable(ctx: Context, connectTimeout: unknown, others: ReachTarget[] = []): Promise<void> {
  let timeoutMs: number;
  try {
    timeoutMs = connectTimeoutMs(connectTimeout as string | undefined);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const broker = { url: ctx.broker.url, what: 'the Pact Broker (PACT_BROKER_BASE_URL)' };
  const lines = await unreachable([broker, ...others], { timeoutMs });
  if (lines.length > 0) throw new UnreachableError(lines.join('\n'));
}

function seconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be whole seconds, got "${value}"`);
  return n;
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`${name} is required`);
  return value;
}

async function cli(ctx: Context, tool: 'pact-broker' | 'pactflow', args: string[], timeoutSeconds: number) {
  ctx.io.out(`$ ${commandLine(tool, args)}\n`);
  const run = await runBrokerCli(tool, args, ctx.broker, { timeoutMs: timeoutSeconds * 1000, echo: ctx.io.out });
  if (run.timedOut) {
    ctx.io.err(
      `${tool} ${args[0]} gave no answer within ${timeoutSeconds} s: is PACT_BROKER_BASE_URL (${ctx.broker.url}) reachable?\n`,
    );
  } else if (run.code !== 0) {
    ctx.io.err(`${tool} ${args[0]} failed (exit ${run.code})\n`);
  }
  return run.code === 0 ? exitCodes.ok : exitCodes.failed;
}

const commands: Record<string, (ctx: Context) => Promise<number>> = {
  async publish(ctx) {
    const values = options(ctx.args, { 'build-url': { type: 'string' } });
    if (!existsSync(pactDir) || !readdirSync(pactDir).some((file) => file.endsWith('.json'))) {
      ctx.io.err(`no pacts in ${shownPactDir}: run \`npm run pacts\` first\n`);
      return exitCodes.refused;
    }
    await ensureReachable(ctx, values['connect-timeout']);
    const buildUrl = values['build-url'] ?? ctx.env.BUILD_URL;
    return cli(
      ctx,
      'pact-broker',
      publishArgs(ctx.broker, ctx.git, pactDir, buildUrl),
      seconds(values.timeout, 60, '--timeout'),
    );
  },

  async 'can-i-deploy'(ctx) {
    const values = options(ctx.args, {
      'to-environment': { type: 'string' },
      'retry-while-unknown': { type: 'string' },
      'retry-interval': { type: 'string' },
    });
    const retry = {
      times: seconds(values['retry-while-unknown'], 10, '--retry-while-unknown'),
      intervalSeconds: seconds(values['retry-interval'], 30, '--retry-interval'),
    };
    const args = canIDeployArgs(ctx.broker, ctx.git, required(values['to-environment'], '--to-environment'), retry);
    await ensureReachable(ctx, values['connect-timeout']);
    // The deadline covers the waiting can-i-deploy is told to do, plus a minute.
    return cli(
      ctx,
      'pact-broker',
      args,
      seconds(values.timeout, retry.times * retry.intervalSeconds + 60, '--timeout'),
    );
  },

  async 'record-deployment'(ctx) {
    const values = options(ctx.args, { environment: { type: 'string' } });
    const environment = required(values.environment, '--environment');
    await ensureReachable(ctx, values['connect-timeout']);
    for (const consumer of consumers) {
      const args = recordDeploymentArgs(ctx.broker, ctx.git, environment, consumer);
      const code = await cli(ctx, 'pact-broker', args, seconds(values.timeout, 60, '--timeout'));
      if (code !== exitCodes.ok) return code;
    }
    return exitCodes.ok;
  },

  async verify(ctx) {
    const values = options(ctx.args, {
      'base-url': { type: 'string' },
      'offers-url': { type: 'string' },
      'pos-url': { type: 'string' },
      fixtures: { type: 'string' },
      'pact-url': { type: 'string' },
      'include-wip-since': { type: 'string', default: '2024-01-01' },
      publish: { type: 'boolean' },
      'provider-version': { type: 'string' },
      'provider-branch': { type: 'string' },
      strict: { type: 'boolean' },
    });
    const strict = values.strict === true;
    const { config, fixtures } = providerFromOptions(values, ctx.env);
    // A webhook run verifies the one changed pact it was given; a branch build pulls by selectors.
    const pactUrl = values['pact-url'] ?? ctx.env.PACT_URL;
    // SessionM's own release is the truer provider version when known; this checkout's commit otherwise.
    const publish = values.publish
      ? {
          providerVersion: values['provider-version'] ?? ctx.git.version,
          branch: values['provider-branch'] ?? ctx.git.branch,
        }
      : undefined;
    const targets: ProviderTarget[] = (['offers', 'pos'] as const)
      .filter((api) => !pactUrl || pactUrl.includes(`/provider/${participants[api].provider}/`))
      .map((api) => ({
        api,
        baseUrl: api === 'offers' ? config.offersUrl : config.posUrl,
        ...(pactUrl ? { pactUrls: [pactUrl] } : {}),
        broker: {
          url: ctx.broker.url,
          consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }, { matchingBranch: true }],
          enablePending: true,
          includeWipPactsSince: values['include-wip-since'],
          ...(publish ? { publish } : {}),
        },
      }));
    if (!targets.length) throw new UsageError(`--pact-url names neither provider (${providers.join(', ')})`);
    await ensureReachable(
      ctx,
      values['connect-timeout'],
      targets.map((t) => ({ url: t.baseUrl, what: `the provider ${participants[t.api].provider}` })),
    );
    ctx.io.out(`verifying ${targets.map((t) => participants[t.api].provider).join(' and ')} from ${ctx.broker.url}\n`);
    const startedAt = new Date();
    const run = await runVerification(fixturesJob(targets, config, fixtures), {
      apiKey: config.apiKey,
      brokerToken: ctx.broker.token,
      timeoutMs: seconds(values.timeout, 600, '--timeout') * 1000,
    });
    const dir = verificationRunDir(startedAt);
    await writeVerificationReports(dir, run.results, run.output.split(ctx.broker.token).join('***'), {
      offersUrl: config.offersUrl,
      posUrl: config.posUrl,
      strict,
    });
    const cause = commonFailure(run.results);
    ctx.io.out(`${cause ? `verify: ${cause}\n` : ''}${describeResults(run.results, strict)}\nreports: ${dir}\n`);
    return runPassed(run.results, strict) ? exitCodes.ok : exitCodes.failed;
  },

  async 'publish-provider-contract'(ctx) {
    const values = options(ctx.args, { verification: { type: 'string' } });
    const dir = required(values.verification, '--verification');
    const summary = join(dir, 'verification.json');
    if (!existsSync(summary)) throw new UsageError(`${summary} does not exist: run \`npm run verify\` first`);
    // The verdict the run's own reports show (strict or not, as it was run).
    const { ok } = verdict(await readRun(dir));
    await ensureReachable(ctx, values['connect-timeout']);
    for (const provider of providers) {
      const args = providerContractArgs(ctx.broker, ctx.git, provider, bundledOpenApiFile, {
        success: ok,
        resultsFile: join(dir, 'junit.xml'),
        contentType: 'application/xml',
        verifier: 'sessionm-offers-suite npm run verify',
      });
      const code = await cli(ctx, 'pactflow', args, seconds(values.timeout, 60, '--timeout'));
      if (code !== exitCodes.ok) return code;
    }
    return exitCodes.ok;
  },
};

/** Runs one broker command; never throws for a user's mistake, answers with a message and exit code 2. */
export async function brokerCommand(argv: string[], env: Env, io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || ['--help', '-h', 'help'].includes(name) || args.includes('--help') || args.includes('-h')) {
    (name === undefined ? io.err : io.out)(`${usage}\n`);
    return name === undefined ? exitCodes.refused : exitCodes.ok;
  }
  const command = commands[name];
  if (!command) {
    io.err(`${name ? `unknown command "${name}"\n` : ''}${usage}\n`);
    return exitCodes.refused;
  }
  try {
    const broker = brokerEnv(env);
    return await command({ args, env, io, broker, git: gitVersion(env) });
  } catch (error) {
    if (error instanceof UnreachableError) {
      io.err(`${error.message.replace(/^/gm, `broker ${name}: `)}\n`);
      return exitCodes.refused;
    }
    if (
      error instanceof UsageError ||
      error instanceof BrokerConfigError ||
      error instanceof ConfigError ||
      error instanceof FixturesError
    ) {
      io.err(`${error.message}\n${usage}\n`);
      return exitCodes.refused;
    }
    throw error;
  }
}
