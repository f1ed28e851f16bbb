// Runs a verification job in a child process (worker.ts) and returns one result per interaction.
// The child keeps the verifier's console output away from ours; we return it for the report folder.
import { fork } from 'node:child_process';
import { devNull } from 'node:os';
import type { SessionMConfig } from '../../client/config.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import { participants } from '../names.ts';
import type { Fixtures } from './fixtures.ts';
import { type InteractionResult, runFailure } from './results.ts';
import type { ProviderTarget } from './verify-target.ts';

export interface VerificationJob {
  targets: ProviderTarget[];
  /** Where state setups send their calls; the key is not here but in the child's environment. */
  client: Omit<SessionMConfig, 'apiKey'>;
  world: { kind: 'mock'; adminUrl: string } | { kind: 'fixtures'; fixtures: Fixtures };
}

export interface VerificationRun {
  results: InteractionResult[];
  /** The verifier's own console output, for the report folder. */
  output: string;
}

/**
 * The native verifier builds an HTTP client for every request it sends, and each one reads the whole system trust
 * store (every file under /etc/ssl/certs: 0.8 s of CPU in a 35-interaction verification here). With pact files on
 * disk it speaks plain HTTP to pact-js's proxy on loopback and nothing else, so it gets an empty store; a job that
 * fetches pacts (a broker, a pact URL) keeps the system's.
 */
export function trustStoreEnv(targets: Pick<ProviderTarget, 'pactUrls' | 'broker'>[]): Record<string, string> {
  const localOnly = targets.every((t) => !t.broker && t.pactUrls?.every((url) => !/^https?:/i.test(url)));
  return localOnly ? { SSL_CERT_FILE: devNull, SSL_CERT_DIR: devNull } : {};
}

export function runVerification(
  job: VerificationJob,
  options: { apiKey: string; brokerToken?: string; timeoutMs?: number },
): Promise<VerificationRun> {
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const entry = nodeEntry('contracts/provider/worker.ts');
  const child = fork(entry.at(-1) as string, [], {
    execArgv: entry.slice(0, -1),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      ...trustStoreEnv(job.targets),
      SESSIONM_API_KEY: options.apiKey,
      PACT_DO_NOT_TRACK: 'true',
      ...(options.brokerToken ? { PACT_BROKER_TOKEN: options.brokerToken } : {}),
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const everyone = (message: string) =>
    job.targets.map((target) => runFailure(participants[target.api].provider, message));

  return new Promise((resolve) => {
    let results: InteractionResult[] | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      results = everyone(`verification timed out after ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.on('message', (message: { results?: InteractionResult[]; fatal?: string }) => {
      if (message.fatal !== undefined) {
        results ??= everyone(`the verifier stopped: ${message.fatal}`);
        child.kill('SIGKILL');
      } else results ??= message.results;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // The verifier colours its output; the report file gets plain text.
      const stripped = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
      resolve({
        results: results ?? everyone(`the verification process ended (${signal ?? `exit ${code}`}) without results`),
        output: stripped,
      });
    });
    child.send(job);
  });
}
