// Pact Broker / PactFlow calls through the pact-broker CLI of @pact-foundation/pact-cli. The URL and token come
// from the environment and the token travels only in the child's environment: never on argv, never printed.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { participants } from '../../contracts/names.ts';

export class BrokerConfigError extends Error {
  override name = 'BrokerConfigError';
}

export interface BrokerEnv {
  url: string;
  token: string;
}

type Env = Record<string, string | undefined>;

/** PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN, or an error that says what to set. */
export function brokerEnv(env: Env): BrokerEnv {
  const url = env.PACT_BROKER_BASE_URL?.trim();
  const token = env.PACT_BROKER_TOKEN?.trim();
  if (!url) {
    throw new BrokerConfigError(
      'PACT_BROKER_BASE_URL is not set: the Pact Broker or PactFlow URL, e.g. https://yourteam.pactflow.io',
    );
  }
  if (!/^https?:\/\/\S+$/.test(url))
    throw new BrokerConfigError(`PACT_BROKER_BASE_URL must be an http(s) URL, got "${url}"`);
  if (!token) throw new BrokerConfigError('PACT_BROKER_TOKEN is not set: an API token of the broker (CI secret)');
  return { url: url.replace(/\/+$/, ''), token };
}

export interface GitVersion {
  /** The consumer or provider version: the commit sha. */
  version: string;
  branch: string;
}

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();

/**
 * The commit and branch: GIT_COMMIT (CI sets it to a pull request's head, not GitHub's merge commit), then GitHub
 * Actions' variables (a PR's head branch first), else git.
 */
export function gitVersion(env: Env): GitVersion {
  const version = env.GIT_COMMIT || env.GITHUB_SHA || git('rev-parse', 'HEAD');
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || git('rev-parse', '--abbrev-ref', 'HEAD');
  return { version, branch };
}

export const consumers = [participants.offers.consumer, participants.pos.consumer];
export const providers = [participants.offers.provider, participants.pos.provider];

export function publishArgs(broker: BrokerEnv, git: GitVersion, pactDir: string, buildUrl?: string): string[] {
  return [
    'publish',
    pactDir,
    '--consumer-app-version',
    git.version,
    '--branch',
    git.branch,
    ...(buildUrl ? ['--build-url', buildUrl] : []),
    '--broker-base-url',
    broker.url,
  ];
}

/** Both consumers at this version, against what is deployed in the environment; waits while results are unknown. */
export function canIDeployArgs(
  broker: BrokerEnv,
  git: GitVersion,
  environment: string,
  retry: { times: number; intervalSeconds: number },
): string[] {
  return [
    'can-i-deploy',
    ...consumers.flatMap((name) => ['--pacticipant', name, '--version', git.version]),
    '--to-environment',
    environment,
    '--retry-while-unknown',
    String(retry.times),
    '--retry-interval',
    String(retry.intervalSeconds),
    '--broker-base-url',
    broker.url,
  ];
}

export function recordDeploymentArgs(broker: BrokerEnv, git: GitVersion, environment: string, pacticipant: string) {
  return [
    'record-deployment',
    '--pacticipant',
    pacticipant,
    '--version',
    git.version,
    '--environment',
    environment,
    '--broker-base-url',
    broker.url,
  ];
}

/** Bi-directional contract testing: the OpenAPI document as the provider's contract, with its self-verification. */
export function providerContractArgs(
  broker: BrokerEnv,
  git: GitVersion,
  provider: string,
  contractFile: string,
  verification: { success: boolean; resultsFile: string; contentType: string; verifier: string },
): string[] {
  return [
    'publish-provider-contract',
    contractFile,
    '--provider',
    provider,
    '--provider-app-version',
    git.version,
    '--branch',
    git.branch,
    '--content-type',
    'application/json',
    verification.success ? '--verification-success' : '--no-verification-success',
    '--verification-results',
    verification.resultsFile,
    '--verification-results-content-type',
    verification.contentType,
    '--verifier',
    verification.verifier,
    '--broker-base-url',
    broker.url,
  ];
}

export interface BrokerRun {
  code: number;
  timedOut: boolean;
  output: string;
}

const require = createRequire(import.meta.url);
const cliScripts = {
  'pact-broker': require.resolve('@pact-foundation/pact-cli/bin/pact-broker.js'),
  pactflow: require.resolve('@pact-foundation/pact-cli/bin/pactflow.js'),
};

/** Runs the CLI with a deadline: it hangs on an unreachable broker. Output is passed on with the token masked. */
export function runBrokerCli(
  tool: keyof typeof cliScripts,
  args: string[],
  broker: BrokerEnv,
  options: { timeoutMs: number; echo?: (text: string) => void },
): Promise<BrokerRun> {
  const mask = (text: string) => text.split(broker.token).join('***');
  const child = spawn(process.execPath, [cliScripts[tool], ...args], {
    env: { ...process.env, PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: broker.token },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the deadline ends the native binary under the node wrapper too.
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = mask(chunk.toString('utf8'));
    output += text;
    options.echo?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => collect(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 124 : (code ?? 1), timedOut, output });
    });
  });
}

/** The command as a person would type it; the token is never part of it. */
export const commandLine = (tool: string, args: string[]) =>
  [tool, ...args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`)).join(' ');
