import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { basicCredential, configFromEnv, defaults } from '../../client/config.ts';
import { MockAdminClient } from '../../client/mock-admin.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { buildPosRequest } from '../../client/requests.ts';

const root = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];
const cliKey = basicCredential(defaults.clientId, 'cli-secret-key');
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...nodeEntry('mock/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const firstLine = new Promise<string>((resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, firstLine, exited, output: () => output };
}

const lookup = (url: string, apiKey: string) => {
  const request = buildPosRequest(
    configFromEnv({ SESSIONM_BASE_URL: url, SESSIONM_API_KEY: apiKey }),
    'getUserOffers',
    {
      external_customer_id: '14311211',
    },
  );
  return fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
};

describe('npm run mock (mock/cli.ts)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('prints the listening line first and exits 0 on %s', async (signal) => {
    const cli = startCli(['--port', '0'], { SESSIONM_API_KEY: cliKey });
    const line = await cli.firstLine;
    const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    expect(match).not.toBeNull();
    const url = match?.[1] ?? '';
    expect(Number(match?.[2])).toBeGreaterThan(0);
    expect((await lookup(url, cliKey)).status).toBe(200);
    expect((await lookup(url, defaults.apiKey)).status).toBe(401);
    cli.child.kill(signal);
    expect(await cli.exited).toEqual([0, null]);
    expect(cli.output()).not.toContain('cli-secret-key');
    expect(cli.output()).not.toContain(cliKey);
  });

  it('binds the --host it is given', async () => {
    const cli = startCli(['--port', '0', '--host', '127.0.0.2']);
    expect(await cli.firstLine).toMatch(/^listening on http:\/\/127\.0\.0\.2:\d+$/);
    cli.child.kill('SIGTERM');
    expect((await cli.exited)[0]).toBe(0);
  });

  it('exits 1 with a one-line reason when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const cli = startCli(['--port', String((taken.address() as AddressInfo).port)]);
      expect((await cli.exited)[0]).toBe(1);
      expect(cli.output()).toMatch(
        /^mock: cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE: the port is in use \(try --port 0 for a free one\)\n$/,
      );
    } finally {
      taken.close();
    }
  });

  it('refuses a bad --port with exit code 2 and a usage line', async () => {
    const cli = startCli(['--port', '99999']);
    expect((await cli.exited)[0]).toBe(2);
    expect(cli.output()).toContain('--port must be 0 to 65535');
  });
});

describe('npm run mock, as a person runs it', () => {
  /** `npm run mock` in its own process group, as a shell starts it: a terminal's Ctrl-C signals the whole group. */
  function startNpm() {
    const child = spawn('npm', ['run', '--silent', 'mock', '--', '--port', '0'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const firstLine = new Promise<string>((resolve) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    });
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    return { child, firstLine, exited };
  }

  const refused = async (url: string) => {
    const transport = nodeTransport({ connections: 1 });
    try {
      return (await new MockAdminClient(url, transport).state()).status === 0;
    } finally {
      await transport.close();
    }
  };

  it.each([
    ['SIGTERM to npm (kill PID)', 'SIGTERM', 'npm'],
    ['SIGINT to the process group (Ctrl-C)', 'SIGINT', 'group'],
  ] as const)('%s: the server stops, the port is freed, npm exits 0', async (_name, signal, to) => {
    const npm = startNpm();
    const url = /^listening on (\S+)$/.exec(await npm.firstLine)?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await refused(url)).toBe(false);
    if (to === 'group') process.kill(-(npm.child.pid as number), signal);
    else npm.child.kill(signal);
    expect(await npm.exited).toEqual([0, null]);
    expect(await refused(url)).toBe(true);
  });
});

describe('importing the mock', () => {
  it('starts no server', async () => {
    const script = `
      for (const m of ['server', 'router', 'store', 'demo', 'admin', 'operations', 'views', 'http']) await import('./mock/' + m + '.ts');
      console.log(JSON.stringify(process.getActiveResourcesInfo()));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: root,
      },
    );
    expect(JSON.parse(stdout)).not.toContain('TCPServerWrap');
  });
});
