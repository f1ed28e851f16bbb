// `npm run accept` as a user runs it: every mistake one line and exit 2 before anything is sent; an unreachable
// target one line and exit 2; a target off this machine's loopback refused without --yes, with nothing sent.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nodeEntry } from '../../../client/node-entry.ts';
import { reportError } from '../../cli.ts';
import { acceptOptions } from '../options.ts';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = 'contracts/fixtures.example.json';
const scratch = mkdtempSync(join(tmpdir(), 'accept-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command in a child; `onSpawn` sees it first. The kill timer only bounds a hang, it asserts no time. */
function accept(args: string[], env: Record<string, string> = {}, onSpawn?: (kill: () => void) => void): Promise<Run> {
  const child = spawn(process.execPath, [...nodeEntry('scripts/accept/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, SESSIONM_API_KEY: '', SESSIONM_API_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  onSpawn?.(() => child.kill('SIGKILL'));
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    }),
  );
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** Answers every request 200 and remembers it: what a test must see nothing of, or something. */
let recorder: Server;
let recorded: string[] = [];
let onRequest: (() => void) | undefined;
let port: number;
let target: string;

const file = (name: string, text: string) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  recorder = createServer((req, res) => {
    recorded.push(`${req.method} ${req.url}`);
    onRequest?.();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => recorder.listen(0, '127.0.0.1', r));
  port = (recorder.address() as { port: number }).port;
  target = `http://127.0.0.1:${port}`;
  // The commands below that get past their arguments read the pacts vitest.global-setup.ts wrote to PACT_DIR.
});
afterAll(async () => {
  await new Promise((r) => recorder.close(r));
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run accept', () => {
  it('--help names every flag and the exit codes', async () => {
    const r = await accept(['--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--base-url',
      '--offers-url',
      '--pos-url',
      '--fixtures',
      '--members',
      '--rate',
      '--duration',
      '--strict',
      '--yes',
      '--out',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('exit codes: 0 accepted');
  });

  it('bad input: one clear message naming the problem, before anything is read from or sent to a target', () => {
    const badIds = file('bad-fixtures.json', JSON.stringify({ retailer_id: 'x', store_id: 'y', client_id: 'z' }));
    const members = (n: number) =>
      file(
        `members-${n}.json`,
        JSON.stringify(Array.from({ length: n }, (_, i) => ({ external_customer_id: `m${i}` }))),
      );
    const badMembers = file('bad-members.json', '[{"id": 1}]');
    const brokenMembers = file('broken-members.json', '[{"external_customer_id": "1"');
    const base = ['--base-url', target, '--fixtures', fixtures];
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['--fixtures', fixtures], /^give --base-url URL, or both --offers-url URL and --pos-url URL$/],
      [['--offers-url', target, '--fixtures', fixtures], /^give --base-url URL, or both/],
      [['--base-url', target], /^--fixtures FILE is required: copy contracts\/fixtures\.example\.json/],
      [['--base-url', target, '--fixtures', join(scratch, 'none.json')], /^cannot read fixtures .*none\.json: /],
      [['--base-url', target, '--fixtures', badIds], /^retailer_id must be a uuid, got "x"$/],
      [['--base-url', 'ftp://example.com', '--fixtures', fixtures], /^--base-url must be an http\(s\) URL/],
      [[...base, '--members', join(scratch, 'nobody.json')], /^cannot read --members .*nobody\.json: ENOENT$/],
      [
        [...base, '--members', badMembers],
        /^--members .*bad-members\.json: .*\[0\] needs an "external_customer_id" string$/,
      ],
      [[...base, '--members', brokenMembers], /^--members .*broken-members\.json: .*JSON/],
      [
        [...base, '--members', members(2)],
        /^--members .* has 2 members; 5 flows\/s with flows up to 1500 ms \(SLO_FLOW_P99_MS\) need 8, so that no member has two flows in flight/,
      ],
      [[...base, '--rate', '0'], /^--rate must be a whole number ≥ 1, got "0"$/],
      [[...base, '--duration', 'soon'], /^--duration must be a duration such as 30s/],
      [[...base, '--cases', '-1'], /^Option '--cases' argument is ambiguous\. .*\(npm run accept -- --help\)$/],
      [[...base, '--cases=0'], /^--cases must be a whole number ≥ 1, got "0"$/],
      [[...base, '--connect-timeout', '0'], /^--connect-timeout must be seconds above 0, got "0"$/],
      [[...base, '--fast'], /^Unknown option '--fast'/],
      [[...base, '--out', fixtures], /^--out contracts\/fixtures\.example\.json is a file: give a folder/],
      [base, /^SESSIONM_API_KEY must be the base64 of client_id:secret/, { SESSIONM_API_KEY: 'not-a-key' }],
      [base, /^SLO_FLOW_P99_MS must be a positive number, got "soon"$/, { SLO_FLOW_P99_MS: 'soon' }],
      [base, /^PRE_ALLOCATED_VUS must be a whole number above 0, got "x"$/, { PRE_ALLOCATED_VUS: 'x' }],
      [base, /^WALLET_SIZE must be a whole number from 1 to 100, got "0"$/, { WALLET_SIZE: '0' }],
    ];
    const printed: string[] = [];
    const stderr = vi.spyOn(console, 'error').mockImplementation((line: string) => printed.push(line));
    try {
      for (const [args, message, env] of cases) {
        let thrown: unknown;
        try {
          acceptOptions(args, { ...env });
        } catch (error) {
          thrown = error;
        }
        expect(thrown, args.join(' ')).toMatchObject({ name: 'UsageError', message: expect.stringMatching(message) });
        // What the command does with it (scripts/cli.ts, as the real commands below show): one line, exit 2.
        printed.length = 0;
        expect(reportError('accept', thrown), args.join(' ')).toBe(2);
        expect(printed.join('\n').split('\n'), args.join(' ')).toEqual([`accept: ${(thrown as Error).message}`]);
      }
    } finally {
      stderr.mockRestore();
    }
  });

  it('bad input through the command: one line, exit 2, nothing sent', async () => {
    // A flag's mistake and a key's (two error classes); the test above shows every other mistake takes this path.
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['--base-url', target, '--fixtures', fixtures, '--fast'], /^accept: Unknown option '--fast'/],
      [
        ['--base-url', target, '--fixtures', fixtures],
        /^accept: SESSIONM_API_KEY must be/,
        { SESSIONM_API_KEY: 'not-a-key' },
      ],
    ];
    recorded = [];
    const runs = await Promise.all(cases.map(([args, , env]) => accept(args, env)));
    runs.forEach((r, i) => {
      const [args, line] = cases[i] as (typeof cases)[number];
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(lines(r.stderr), args.join(' ')).toHaveLength(1);
      expect(r.stderr.trim(), args.join(' ')).toMatch(line);
      expect(r.stdout, args.join(' ')).toBe('');
    });
    expect(recorded).toEqual([]);
  }, 120_000);

  it('an unreachable API: the plan, then one line naming it, exit 2', async () => {
    const server = createNetServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dead = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise((r) => server.close(r));
    recorded = [];
    const r = await accept(['--offers-url', target, '--pos-url', dead, '--fixtures', fixtures]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^accept: cannot reach the POS API at ${dead.replace(/\./g, '\\.')}: connection refused \\(ECONNREFUSED\\)`,
        ),
      ),
    ]);
    expect(r.stdout).toMatch(
      /^accept: the plan for offers http:\/\/127\.0\.0\.1:\d+ and POS http:\/\/127\.0\.0\.1:\d+/,
    );
    // The Offers API was only probed.
    expect(recorded).toEqual(['GET /']);
  }, 60_000);

  it('a target off the loopback: the plan, refused without --yes with nothing sent; with --yes the plan comes first', async () => {
    // 0.0.0.0 is no loopback address to the guard, yet reaches this machine: a test that sends stays on it.
    const remote = `http://0.0.0.0:${port}`;
    recorded = [];
    const refused = await accept(['--base-url', remote, '--fixtures', fixtures]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`refusing to send to ${remote} without --yes`);
    expect(refused.stdout).toMatch(/^accept: the plan for http:\/\/0\.0\.0\.0:\d+/);
    expect(refused.stdout).toMatch(/ {2}4\. Negative input +about \d+ requests, 20 requests\/s/);
    expect(recorded).toEqual([]);

    // With --yes it sends (the plan printed first, as accept.test.ts checks request by request): the first request,
    // the reachability probe, ends the run here.
    const seen = new Promise<void>((r) => {
      onRequest = r;
    });
    const confirmed = await accept(
      ['--base-url', remote, '--fixtures', fixtures, '--yes', '--out', join(scratch, 'confirmed')],
      {},
      (kill) => {
        seen.then(kill);
      },
    );
    onRequest = undefined;
    expect(recorded[0]).toBe('GET /');
    expect(confirmed.stdout).toMatch(/^accept: the plan for http:\/\/0\.0\.0\.0:\d+/);
    expect(lines(confirmed.stdout).filter((l) => /^ {2}\d\. /.test(l))).toHaveLength(4);
  }, 60_000);
});
