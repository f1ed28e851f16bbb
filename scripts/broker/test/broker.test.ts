import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../client/test/closed-port.ts';
import { writeVerificationReports } from '../../../contracts/provider/reports.ts';
import type { InteractionResult } from '../../../contracts/provider/results.ts';
import {
  brokerEnv,
  canIDeployArgs,
  gitVersion,
  providerContractArgs,
  publishArgs,
  recordDeploymentArgs,
} from '../broker.ts';
import { brokerCommand } from '../commands.ts';

const broker = { url: 'https://team.pactflow.io', token: 'tok-5ecret' };
const git = { version: '0123abcd', branch: 'feature/lock' };

function capture() {
  const io = { out: '', err: '' };
  const sink = {
    out: (text: string) => {
      io.out += text;
    },
    err: (text: string) => {
      io.err += text;
    },
  };
  return { io, sink };
}

describe('broker environment', () => {
  it('names the missing variable', () => {
    expect(() => brokerEnv({ PACT_BROKER_TOKEN: 't' })).toThrow(/^PACT_BROKER_BASE_URL is not set/);
    expect(() => brokerEnv({ PACT_BROKER_BASE_URL: 'https://b.example' })).toThrow(/^PACT_BROKER_TOKEN is not set/);
    expect(() => brokerEnv({ PACT_BROKER_BASE_URL: 'b.example', PACT_BROKER_TOKEN: 't' })).toThrow(/http\(s\) URL/);
  });

  it('takes a pull request head branch before the ref name, and the commit sha as version', () => {
    expect(gitVersion({ GITHUB_SHA: 'abc', GITHUB_HEAD_REF: 'pr-branch', GITHUB_REF_NAME: '12/merge' })).toEqual({
      version: 'abc',
      branch: 'pr-branch',
    });
    expect(gitVersion({ GITHUB_SHA: 'abc', GITHUB_REF_NAME: 'main' }).branch).toBe('main');
    expect(gitVersion({ GIT_COMMIT: 'head', GITHUB_SHA: 'merge', GITHUB_REF_NAME: 'main' }).version).toBe('head');
  });
});

describe('broker commands', () => {
  it('publish the pact folder under the git sha and branch', () => {
    expect(publishArgs(broker, git, '/p/contracts/pacts', 'https://ci/run/1')).toEqual([
      'publish',
      '/p/contracts/pacts',
      '--consumer-app-version',
      '0123abcd',
      '--branch',
      'feature/lock',
      '--build-url',
      'https://ci/run/1',
      '--broker-base-url',
      'https://team.pactflow.io',
    ]);
  });

  it('ask can-i-deploy for both consumers at this version against the environment, waiting while unknown', () => {
    const args = canIDeployArgs(broker, git, 'production', { times: 5, intervalSeconds: 10 });
    expect(args.join(' ')).toBe(
      'can-i-deploy --pacticipant offer-back-office --version 0123abcd --pacticipant pos-till --version 0123abcd ' +
        '--to-environment production --retry-while-unknown 5 --retry-interval 10 --broker-base-url https://team.pactflow.io',
    );
  });

  it('record a deployment per consumer and publish the OpenAPI contract with its verification', () => {
    expect(recordDeploymentArgs(broker, git, 'staging', 'pos-till').join(' ')).toBe(
      'record-deployment --pacticipant pos-till --version 0123abcd --environment staging --broker-base-url https://team.pactflow.io',
    );
    const args = providerContractArgs(broker, git, 'sessionm-pos-api', 'schemas/openapi.json', {
      success: false,
      resultsFile: 'reports/x/junit.xml',
      contentType: 'application/xml',
      verifier: 'v',
    });
    expect(args).toContain('--no-verification-success');
    expect(args.slice(0, 4)).toEqual([
      'publish-provider-contract',
      'schemas/openapi.json',
      '--provider',
      'sessionm-pos-api',
    ]);
  });

  it('never put the token on the command line', () => {
    const all = [
      publishArgs(broker, git, 'pacts'),
      canIDeployArgs(broker, git, 'production', { times: 0, intervalSeconds: 0 }),
      recordDeploymentArgs(broker, git, 'production', 'pos-till'),
    ].flat();
    expect(all.join(' ')).not.toContain(broker.token);
  });
});

describe('npm run broker', () => {
  it('answers a missing variable, option or command with a message and exit 2, calling nothing', async () => {
    const missing = capture();
    expect(await brokerCommand(['publish'], { PACT_BROKER_TOKEN: 't' }, missing.sink)).toBe(2);
    expect(missing.io.err).toMatch(/^PACT_BROKER_BASE_URL is not set/);
    expect(missing.io.out).toBe('');

    const noEnvironment = capture();
    const env = {
      PACT_BROKER_BASE_URL: 'http://127.0.0.1:9',
      PACT_BROKER_TOKEN: 't',
      GITHUB_SHA: 'a',
      GITHUB_REF_NAME: 'b',
    };
    expect(await brokerCommand(['can-i-deploy'], env, noEnvironment.sink)).toBe(2);
    expect(noEnvironment.io.err).toMatch(/^--to-environment is required/);

    const unknown = capture();
    expect(await brokerCommand(['deploy'], env, unknown.sink)).toBe(2);
    expect(unknown.io.err).toMatch(/^unknown command "deploy"/);
  });

  it('stops at once, in one line with exit 2, when the broker refuses the connection: nothing is called', async () => {
    const port = await closedPort();
    const env = {
      PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}`,
      PACT_BROKER_TOKEN: 'tok-must-not-leak',
      GITHUB_SHA: '0123abcd',
      GITHUB_REF_NAME: 'main',
    };
    const runs = [
      ['can-i-deploy', '--to-environment', 'production'],
      ['record-deployment', '--environment', 'production'],
    ].map(async (args) => {
      const out = capture();
      const code = await brokerCommand(args, env, out.sink);
      return { code, ...out.io };
    });
    for (const run of await Promise.all(runs)) {
      expect(run.code).toBe(2);
      expect(run.out).toBe('');
      expect(run.err).toMatch(
        new RegExp(
          `^broker [a-z-]+: cannot reach the Pact Broker \\(PACT_BROKER_BASE_URL\\) at http://127\\.0\\.0\\.1:${port}: connection refused .*\n$`,
        ),
      );
    }
  });

  it('fails within its deadline when the broker answers the first request but hangs on the call', async () => {
    const hanging = createHttpServer((req, res) => {
      if (req.url === '/') res.end('ok');
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    const env = {
      PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}`,
      PACT_BROKER_TOKEN: 'tok-must-not-leak',
      GITHUB_SHA: '0123abcd',
      GITHUB_REF_NAME: 'main',
    };
    const canIDeploy = capture();
    const code = await brokerCommand(
      ['can-i-deploy', '--to-environment', 'production', '--retry-while-unknown', '0', '--timeout', '3'],
      env,
      canIDeploy.sink,
    );
    hanging.closeAllConnections();
    hanging.close();
    expect(code).toBe(1);
    expect(canIDeploy.io.err).toMatch(
      new RegExp(
        `(gave no answer within 3 s: is PACT_BROKER_BASE_URL \\(http://127.0.0.1:${port}\\) reachable|failed \\(exit)`,
      ),
    );
    expect(canIDeploy.io.out + canIDeploy.io.err).not.toContain('tok-must-not-leak');
    expect(canIDeploy.io.out).toMatch(/^\$ pact-broker can-i-deploy --pacticipant offer-back-office/);
  });

  it('answers --help on its own or after a command with the usage and exit 0, calling nothing', async () => {
    for (const argv of [['--help'], ['help'], ['can-i-deploy', '--help'], ['-h']]) {
      const out = capture();
      expect(await brokerCommand(argv, {}, out.sink)).toBe(0);
      expect(out.io.out).toMatch(/^usage: npm run broker -- <command>/);
      expect(out.io.out).toContain('--connect-timeout SECONDS');
    }
  });

  it('publishes the bundled OpenAPI document as the provider contract, with the success its verification folder records', async () => {
    // A broker that refuses every call: it answers the first request, so the pactflow CLI really runs (and fails).
    const refusing = createHttpServer((_req, res) => res.writeHead(401).end('{}'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const env = {
      PACT_BROKER_BASE_URL: `http://127.0.0.1:${(refusing.address() as { port: number }).port}`,
      PACT_BROKER_TOKEN: 'tok',
      GITHUB_SHA: '0123abcd',
      GITHUB_REF_NAME: 'main',
    };
    const interaction = (outcome: InteractionResult['outcome']): InteractionResult => ({
      provider: 'sessionm-pos-api',
      consumer: 'pos-till',
      description: `an interaction that ${outcome}`,
      states: [],
      outcome,
      failures: outcome === 'failed' ? ['payload.status: required'] : [],
      differences: [],
      pendingPact: false,
      durationMs: 1,
    });
    const dir = mkdtempSync(join(tmpdir(), 'provider-contract-'));
    try {
      const meta = { offersUrl: 'http://127.0.0.1:1', posUrl: 'http://127.0.0.1:1', strict: false };
      const passing = join(dir, 'a-verify');
      const failing = join(dir, 'b-verify');
      // A difference from our assumptions does not fail the verification; a documented failure does.
      await writeVerificationReports(passing, [interaction('verified'), interaction('differs')], '', meta);
      await writeVerificationReports(failing, [interaction('verified'), interaction('failed')], '', meta);
      const [pass, fail] = [capture(), capture()];
      const publish = (folder: string, sink: ReturnType<typeof capture>['sink']) =>
        brokerCommand(['publish-provider-contract', '--verification', folder, '--timeout', '3'], env, sink);
      await Promise.all([publish(passing, pass.sink), publish(failing, fail.sink)]);
      const published = (out: string) => /^\$ pactflow publish-provider-contract .*$/m.exec(out)?.[0] ?? '';
      expect(published(pass.io.out)).toMatch(
        /^\$ pactflow publish-provider-contract \S+\/schemas\/generated\/openapi\.bundled\.json /,
      );
      expect(published(pass.io.out)).toContain(' --verification-success ');
      expect(published(pass.io.out)).toContain(`--verification-results ${join(passing, 'junit.xml')}`);
      expect(published(fail.io.out)).toContain(' --no-verification-success ');
    } finally {
      refusing.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
