// Secrets never reach disk or logs: consumer pacts, a load run and a broker publish, all with a recognisable API key
// (the base64 of client_id:secret) and broker token, then every file they wrote and every line they printed is
// searched for the secret, the key and the token, and for the secret inside any base64 (client/test/leaks.ts).
// `npm run verify` and `npm run accept` get the same search where their runs are checked: the vendor double's
// verify in contracts/test/verification.suite.ts, the mock's acceptance in scripts/accept/test/accept.test.ts.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import { closedPort } from '../../client/test/closed-port.ts';
import { scan, secretNeedles, writtenSince } from '../../client/test/leaks.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';

const root = resolve(import.meta.dirname, '../..');
const secret = 'SECRET-KEY-canary-1234';
const apiKey = basicCredential(defaults.clientId, secret);
const brokerToken = 'canary-broker-token-5678';

const needles = secretNeedles({ secret, apiKey, brokerToken });
const scanned = (files: string[], logs: string) => scan(needles, files, logs);

/** A command of this repo in a child, in the working directory `cwd`, output captured; bounded by `timeoutMs`. */
function run(args: string[], env: Record<string, string>, cwd: string, timeoutMs = 60_000) {
  const [file = '', ...rest] = args;
  const child = spawn(process.execPath, [...nodeEntry(file), ...rest], {
    cwd,
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise<{ code: number | null; output: string }>((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    }),
  );
}

describe('secrets stay out of every file and log', () => {
  let mock: RunningMock;
  // Every command works in this folder: its pacts, bundles and reports are all that is searched, and all it wrote.
  let dir: string;
  let env: Record<string, string>;
  const start = Date.now();
  const reportsDir = () => join(dir, 'reports');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    env = {
      SESSIONM_API_KEY: apiKey,
      PACT_DO_NOT_TRACK: 'true',
      PACT_DIR: join(dir, 'pacts'),
      BUNDLE_DIR: join(dir, 'k6'),
    };
    mock = await startMock({ apiKey });
  });
  afterAll(async () => {
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('consumer pacts', async () => {
    // npm run pacts, as a user runs it.
    const pacts = await run(['scripts/pacts.ts'], env, dir);
    expect(pacts.code, pacts.output).toBe(0);
    const files = await writtenSince(join(dir, 'pacts'), start);
    expect(files.length).toBeGreaterThan(0);
    expect(await scanned(files, pacts.output)).toEqual([]);
  });

  it('a short load run', async () => {
    const since = Date.now();
    const members = join(dir, 'members.json');
    await writeFile(members, JSON.stringify([{ external_customer_id: '14311211' }]));
    const outDir = join(reportsDir(), 'secrets-test-load');
    const load = await run(
      ['scripts/load.ts', '--target', mock.url, '--profile', 'smoke', '--engine', 'node', '--out', outDir],
      // One member holds 1 flow/s with flows within a 1 s p99 (load/README.md "Test data").
      { ...env, TARGET_KIND: 'live', MEMBERS_FILE: members, RATE: '1', DURATION: '2s', SLO_FLOW_P99_MS: '1000' },
      dir,
    );
    // Thresholds may fail with one member; what matters is that the run reached the mock with the key.
    expect(load.output).toMatch(/redemption flows: [1-9]/);
    const files = [...(await writtenSince(reportsDir(), since)), ...(await writtenSince(join(dir, 'k6'), since))];
    expect(files.some((f) => f.endsWith('summary.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('redemption.js'))).toBe(true);
    expect(await scanned(files, load.output)).toEqual([]);
  });

  it('a broker publish to a broker that refuses the token (401)', async () => {
    // It answers, so the reachability check passes and the pact-broker CLI really runs and fails.
    const failing = createHttpServer((_req, res) => res.writeHead(401).end('{}'));
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
    const { port } = failing.address() as { port: number };
    const broker = { PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}`, PACT_BROKER_TOKEN: brokerToken };
    // From the checkout: the pacticipant version is its git commit. The pacts are this test's, in PACT_DIR.
    const publish = await run(['scripts/broker/cli.ts', 'publish', '--timeout', '10'], { ...env, ...broker }, root);
    failing.close();
    expect(publish.code, publish.output).toBe(1);
    expect(publish.output).toContain('pact-broker publish');
    expect(await scanned(await writtenSince(dir, start), publish.output)).toEqual([]);
  });

  it('a broker publish to a closed port stops before any call, in one line', async () => {
    const broker = { PACT_BROKER_BASE_URL: `http://127.0.0.1:${await closedPort()}`, PACT_BROKER_TOKEN: brokerToken };
    const publish = await run(['scripts/broker/cli.ts', 'publish'], { ...env, ...broker }, root);
    expect(publish.code).toBe(2);
    expect(publish.output).toMatch(/^broker publish: cannot reach the Pact Broker .*connection refused/);
    expect(await scanned([], publish.output)).toEqual([]);
  });
});
