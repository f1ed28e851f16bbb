// Every command fails fast and says what happened: each failure path through the real command, checked at the
// level of its output lines and its exit code. Dead targets are closed loopback ports, which refuse at once.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEntry } from '../../client/node-entry.ts';
import { closedPort } from '../../client/test/closed-port.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'failfast-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command in a child; the kill timer only bounds a hang, it asserts no time. */
function run(command: string, args: string[], env: Record<string, string> = {}, cwd = root): Promise<Run> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    }),
  );
}

const command = (file: string, args: string[], env?: Record<string, string>, cwd?: string) =>
  run(process.execPath, [...nodeEntry(file), ...args], env, cwd);

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

let dead: string;
beforeAll(async () => {
  dead = `http://127.0.0.1:${await closedPort()}`;
});

const refusedLine = (command: string, what: string) =>
  new RegExp(
    `^${command}: cannot reach ${what} at http://127\\.0\\.0\\.1:\\d+: connection refused \\(ECONNREFUSED\\): nothing listens there: check the URL and that the service is running$`,
  );

// Each test waits on child processes only: they run side by side.
describe.concurrent('a dead target: one line naming the URL and what to check, exit 2, nothing sent', () => {
  it('npm run verify', async () => {
    const r = await command('scripts/verify.ts', ['--base-url', dead, '--fixtures', 'contracts/fixtures.example.json']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(refusedLine('verify', 'the SessionM APIs'));
    expect(r.stdout).toBe('');
  });

  it('npm run load, against a live target and against a mock that is not there', async () => {
    const members = join(scratch, 'members.json');
    writeFileSync(members, '[{"external_customer_id":"1"}]');
    for (const env of [{ MEMBERS_FILE: members }, { TARGET_KIND: 'mock' }] as Record<string, string>[]) {
      const r = await command('scripts/load.ts', ['--target', dead], env);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(refusedLine('load', 'the target'));
      expect(r.stderr).not.toMatch(/TypeError|at .*\.ts:\d+/);
    }
  });

  it('npm run fuzz: no case reported as a finding', async () => {
    const r = await command('scripts/fuzz.ts', ['--target', dead, '--cases', '50']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(refusedLine('fuzz', 'the target'));
    expect(r.stdout).not.toMatch(/finding/);
  });

  it('npm run broker, whatever the command', async () => {
    const env = { PACT_BROKER_BASE_URL: dead, PACT_BROKER_TOKEN: 'token', GIT_COMMIT: 'abc', GITHUB_REF_NAME: 'main' };
    const r = await command('scripts/broker/cli.ts', ['can-i-deploy', '--to-environment', 'production'], env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(refusedLine('broker can-i-deploy', 'the Pact Broker \\(PACT_BROKER_BASE_URL\\)'));
  });

  it('a target that accepts and never answers is a timeout, not a refusal', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const r = await command('scripts/verify.ts', [
      '--base-url',
      url,
      '--fixtures',
      'contracts/fixtures.example.json',
      '--connect-timeout',
      '0.5',
    ]);
    silent.close();
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^verify: cannot reach the SessionM APIs at .*: no answer within 0\.5 s: .*raise --connect-timeout$/,
    );
  });
});

describe.concurrent('bad input is refused before anything starts, in one line with exit 2', () => {
  it('npm start with RATE=-5 (through npm): before the mock or the contract work', async () => {
    const r = await run('npm', ['start', '--silent'], { RATE: '-5' });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['start: RATE must be a positive number, got "-5"']);
    expect(r.stdout).toBe('');
  });

  it('npm run load with a bad SLO, before the mock starts', async () => {
    const r = await command('scripts/load.ts', [], { SLO_REDEEM_P99_MS: 'soon' });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['load: SLO_REDEEM_P99_MS must be a positive number, got "soon"']);
    expect(r.stdout).toBe('');
  });

  it('npm run load --out json= whose folder cannot be made', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const r = await command('scripts/load.ts', ['--out', `json=${file}/points.jsonl`]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`load: --out json=${file}/points.jsonl: ${file} is a file, not a folder`]);
  });

  it('npm run broker publish without pacts names the folder PACT_DIR points at, calling no broker', async () => {
    const empty = join(scratch, 'no-pacts');
    mkdirSync(empty);
    const env = {
      PACT_DIR: empty,
      PACT_BROKER_BASE_URL: dead,
      PACT_BROKER_TOKEN: 't',
      GIT_COMMIT: 'a',
      GITHUB_REF_NAME: 'b',
    };
    const r = await command('scripts/broker/cli.ts', ['publish'], env);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`no pacts in ${empty}: run \`npm run pacts\` first`]);
  });

  it('npm run verify without --fixtures names --fixtures', async () => {
    const r = await command('scripts/verify.ts', ['--base-url', dead]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      'verify: retailer_id is missing: set it in --fixtures FILE (a copy of contracts/fixtures.example.json) or SESSIONM_RETAILER_ID',
    ]);
  });

  it('--baseline reports/latest after a verify says what latest is, not ENOENT', async () => {
    const reports = join(scratch, 'reports');
    const verifyRun = join(reports, '2026-01-01T00-00-00-000Z-verify');
    mkdirSync(verifyRun, { recursive: true });
    symlinkSync('2026-01-01T00-00-00-000Z-verify', join(reports, 'latest'));
    const r = await command('scripts/load.ts', ['--baseline', join(reports, 'latest')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^load: --baseline .*latest \(.*-verify\) holds no summary\.json: a contract verification/,
    );
    expect(r.stderr).not.toContain('ENOENT');
  });
});

describe('--help on every command: the usage, exit 0, nothing started', () => {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  // The commands of this suite; typecheck, lint and format are the tools' own (tsc, biome).
  const own = Object.entries(scripts)
    .map(([name, line]) => [name, /(?:tsx|--import tsx) (\S+\.ts)/.exec(line)?.[1]] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);

  it('covers every command in package.json that runs a file of ours', () => {
    expect(own.map(([name]) => name).sort()).toEqual(
      [
        'accept',
        'bench',
        'broker',
        'bundle',
        'engine',
        'fuzz',
        'load',
        'mock',
        'pacts',
        'report',
        'schemas',
        'soak',
        'start',
        'test',
        'verify',
      ].sort(),
    );
  });

  it('each one answers --help with its usage', { timeout: 120_000 }, async () => {
    // Each from the bundle of the file its package.json line runs (npm start above goes through npm and tsx).
    const results = await Promise.all(own.map(async ([name, file]) => ({ name, r: await command(file, ['--help']) })));
    for (const { name, r } of results) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout, name).toMatch(/^usage: npm (run |start|test)/);
      expect(r.stdout + r.stderr, name).not.toMatch(
        /listening on http|verifying contracts|embedded SessionM mock on|^bundled /m,
      );
    }
  });
});

describe('one cause behind every failure is said first, in one line', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    // The verification reads the pacts vitest.global-setup.ts wrote to PACT_DIR.
    mock = await startMock({ port: 0 });
  });
  afterAll(() => mock.close());

  it('a wrong key against the mock: HTTP 401, check SESSIONM_API_KEY, then the details', async () => {
    const r = await command(
      'scripts/verify.ts',
      ['--base-url', mock.url, '--fixtures', join(root, 'contracts/fixtures.example.json')],
      // A well-formed credential (client_id:secret), just not the mock's.
      { SESSIONM_API_SECRET: 'not-the-mocks-secret' },
      // Its reports land in reports/ of the working directory.
      scratch,
    );
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    const first = out.findIndex((line) => /^(verify: all|✗)/.test(line));
    expect(out[first]).toMatch(
      /^verify: all \d+ interactions that did not verify have one cause: HTTP 401 INVALID_API_KEY: the provider refused the credentials: check SESSIONM_API_KEY \(or SESSIONM_API_SECRET\)$/,
    );
    expect(out[first + 1]).toMatch(/^✗ /);
    expect(r.stdout).not.toContain('not-the-mocks-secret');
  });
});
