// Secrets never reach disk or logs: consumer pacts, a verify, a load run, an acceptance run and a broker publish, all with a
// recognisable API key (the base64 of client_id:secret) and broker token, then every file they wrote and every line
// they printed is searched for the secret, the key and the token, and for the secret inside any base64.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import { closedPort } from '../../client/test/closed-port.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';

const root = resolve(import.meta.dirname, '../..');
const secret = 'SECRET-KEY-canary-1234';
const apiKey = basicCredential(defaults.clientId, secret);
const brokerToken = 'canary-broker-token-5678';

/** The key as it would appear inside any base64 text, at each of the three byte alignments. */
function base64Forms(secret: string): string[] {
  const forms = new Set<string>();
  for (const encoding of ['base64', 'base64url'] as const) {
    for (let offset = 0; offset < 3; offset++) {
      const text = Buffer.from(`${'x'.repeat(offset)}${secret}`).toString(encoding);
      // Drop the groups that also encode the prefix or the padding: what is left appears whatever surrounds it.
      forms.add(text.slice(offset === 0 ? 0 : 4, text.length - 4));
    }
  }
  return [...forms];
}

const needles = [
  { what: 'the API secret', text: secret },
  { what: 'the API key', text: apiKey },
  { what: 'the broker token', text: brokerToken },
  ...base64Forms(secret).map((text) => ({ what: 'the API secret in base64', text })),
];

/** Every needle found in `text`, named with where it was found. */
function leaks(where: string, text: string): string[] {
  return needles.filter((n) => text.includes(n.text)).map((n) => `${where}: ${n.what} (${n.text})`);
}

/** Files under `dir` modified at or after `since`; bounded depth. */
async function writtenSince(dir: string, since: number, depth = 4): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) found.push(...(await writtenSince(path, since, depth - 1)));
    else if (entry.isFile() && (await stat(path)).mtimeMs >= since) found.push(path);
  }
  return found;
}

async function scan(files: string[], logs: string): Promise<string[]> {
  const found = leaks('logs', logs);
  for (const file of files) found.push(...leaks(relative(root, file), (await readFile(file)).toString('latin1')));
  return found;
}

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

describe('the scanner', () => {
  it('finds the secret raw and inside base64 at any alignment, and the key', async () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = Buffer.from(`Basic ${prefix}${secret}!`).toString('base64');
      expect(leaks('planted', `token=${encoded}`).length, prefix).toBeGreaterThan(0);
    }
    expect(leaks('planted', `Authorization: Basic ${apiKey}`)).toContain(`planted: the API key (${apiKey})`);
    expect(leaks('planted', `secret=${secret}`)).toEqual([`planted: the API secret (${secret})`]);
    expect(leaks('clean', `Authorization: Basic ${defaults.apiKey}`)).toEqual([]);
  });
});

describe('secrets stay out of every file and log', () => {
  let mock: RunningMock;
  // Every command works in this folder: its pacts, bundles and reports are all that is searched, and all it wrote.
  let dir: string;
  let env: Record<string, string>;
  const start = Date.now();
  const fixtures = join(root, 'contracts', 'fixtures.example.json');
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
    expect(await scan(files, pacts.output)).toEqual([]);
  });

  it('npm run verify against a mock with the same key', async () => {
    const since = Date.now();
    const verify = await run(['scripts/verify.ts', '--base-url', mock.url, '--fixtures', fixtures], env, dir);
    expect(verify.code, verify.output).toBe(0);
    expect(verify.output).toMatch(/reports\/[^/\s]+-verify\//);
    const files = await writtenSince(reportsDir(), since);
    expect(files.some((f) => f.endsWith('verifier-output.txt'))).toBe(true);
    expect(await scan(files, verify.output)).toEqual([]);
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
    expect(await scan(files, load.output)).toEqual([]);
  });

  it('npm run accept against a mock with the same key: every section, every file of its run folder', async () => {
    const since = Date.now();
    const outDir = join(reportsDir(), 'secrets-test-accept');
    const accept = await run(
      [
        'scripts/accept/cli.ts',
        '--base-url',
        mock.url,
        '--fixtures',
        fixtures,
        '--duration',
        '2s',
        '--cases',
        '40',
        '--out',
        outDir,
      ],
      env,
      dir,
      120_000,
    );
    // Whatever the verdict, every section must have run with the key: the mock refuses any other.
    expect(accept.output, accept.output).toMatch(/Contracts: passed/);
    expect(accept.output).toMatch(/Workflow: passed/);
    expect(accept.output).toMatch(/redemption flows: [1-9]/);
    expect(accept.output).toMatch(/Negative input: \w+: 40 malformed requests/);
    const files = await writtenSince(outDir, since);
    expect(files.map((f) => relative(outDir, f)).sort()).toEqual(
      expect.arrayContaining(['acceptance.json', 'junit.xml', 'report.html', 'summary.md', 'load/summary.json']),
    );
    expect(await scan(files, accept.output)).toEqual([]);
  }, 150_000);

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
    expect(await scan(await writtenSince(dir, start), publish.output)).toEqual([]);
  });

  it('a broker publish to a closed port stops before any call, in one line', async () => {
    const broker = { PACT_BROKER_BASE_URL: `http://127.0.0.1:${await closedPort()}`, PACT_BROKER_TOKEN: brokerToken };
    const publish = await run(['scripts/broker/cli.ts', 'publish'], { ...env, ...broker }, root);
    expect(publish.code).toBe(2);
    expect(publish.output).toMatch(/^broker publish: cannot reach the Pact Broker .*connection refused/);
    expect(await scan([], publish.output)).toEqual([]);
  });
});
