// The engine against a target that misbehaves: resets, hangs, timeouts, 5xx, slow and non-JSON bodies. It must
// neither crash nor outlive its duration, and it counts every failure by k6 error code.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../client/config.ts';
import { buildPosRequest } from '../../../client/requests.ts';
import { type RunningMock, startMock } from '../../../mock/server.ts';
import { runBundle, type SummaryData } from '../index.ts';

let dir: string;
let bundle: string;
let mock: RunningMock;
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-faults-'));
  bundle = join(dir, 'faults.js');
  await build({
    entryPoints: [join(import.meta.dirname, 'fixtures', 'faults.ts')],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    external: ['k6', 'k6/*'],
    outfile: bundle,
    logLevel: 'silent',
  });
  mock = await startMock({ port: 0 });
  // Slow bodies and bodies that are not JSON, which the mock never sends.
  server = createServer((req, res) => {
    req.resume();
    if (req.url === '/html') {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
    } else if (req.url === '/truncated') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"OK","payl');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunks = ['{"status":', '"OK",', '"payload"', ':null}'];
      const timer = setInterval(() => {
        const chunk = chunks.shift();
        if (chunk === undefined) {
          clearInterval(timer);
          res.end();
        } else res.write(chunk);
      }, 150);
      res.on('close', () => clearInterval(timer));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(env: Record<string, string>) {
  const log: string[] = [];
  const result = await runBundle(bundle, {
    cwd: dir,
    outDir: join(dir, `out-${env.MODE}`),
    env,
    quiet: true,
    stdout: { write: () => true } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => log.push(s) > 0 } as unknown as NodeJS.WritableStream,
  });
  const summary = result.summary as SummaryData;
  const errors = (summary.engine?.httpErrors ?? {}) as Record<string, { message: string; count: number }>;
  return { ...result, summary, errors, log: log.join('') };
}

const lookupEnv = () => {
  const request = buildPosRequest(configFromEnv({ SESSIONM_BASE_URL: mock.url }), 'getUserOffers', {
    external_customer_id: '14311211',
  });
  return { TARGET_URL: request.url, BODY: request.body, AUTH: request.headers.Authorization as string };
};

describe('engine under target faults', () => {
  it('resets, hangs past the timeout and 5xx are counted by k6 error code, in http_req_failed and its threshold', async () => {
    mock.faults.set({
      seed: 3,
      rules: [{ route: '*', reset: { rate: 0.2 }, hang: { rate: 0.2 }, error: { status: 503, rate: 0.2 } }],
    });
    const r = await run({ MODE: 'mixed', FAILED_BELOW: '0.01', ...lookupEnv() });
    mock.faults.clear();
    expect(r.exitCode).toBe(99);
    expect(r.log).toContain("ERRO thresholds on metrics 'http_req_failed' (rate<0.01) have been crossed");
    expect(Object.keys(r.errors)).toEqual(['1050', '1220', '1503']);
    expect(r.errors['1050']?.message).toBe('request timeout');
    expect(r.errors['1220']?.message).toBe('read: connection reset by peer');
    const failed = r.summary.metrics.http_req_failed?.values;
    const counted = Object.values(r.errors).reduce((sum, kind) => sum + kind.count, 0);
    expect(failed?.passes).toBe(counted);
    expect(failed?.fails).toBeGreaterThan(0); // some answers got through
    const text = (await import('../summary.ts')).textSummary(r.summary);
    expect(text).toContain('1503 503 Service Unavailable:');
  });

  it('a target that never answers cannot hold the run past duration + gracefulStop', async () => {
    mock.faults.set({ rules: [{ route: '*', hang: { rate: 1 } }] });
    const r = await run({ MODE: 'hang', TIMEOUT: '60s', ...lookupEnv() });
    mock.faults.clear();
    expect(r.exitCode).toBe(0);
    expect(r.summary.engine?.iterationsInterrupted).toBe(4);
    expect(r.summary.metrics.http_reqs).toBeUndefined();
  });

  it('a body slower than the timeout is a 1050; within it, the whole body arrives', async () => {
    const slow = await run({ MODE: 'slow', TARGET_URL: `${serverUrl}/slow`, TIMEOUT: '300ms' });
    expect(slow.exitCode).toBe(0);
    expect(Object.keys(slow.errors)).toEqual(['1050']);
    expect(slow.summary.metrics.checks?.values.passes ?? 0).toBe(0);
    const patient = await run({ MODE: 'patient', TARGET_URL: `${serverUrl}/slow`, TIMEOUT: '5s', ITERATIONS: '1' });
    expect(patient.errors).toEqual({});
    expect(patient.summary.metrics.checks?.values).toMatchObject({ fails: 0 });
    expect(patient.summary.metrics.checks?.values.passes).toBeGreaterThan(0);
  });

  it.each(['html', 'truncated'])('a %s body fails the check as a script error; the run goes on', async (path) => {
    const r = await run({ MODE: path, TARGET_URL: `${serverUrl}/${path}`, ITERATIONS: '2' });
    expect(r.exitCode).toBe(0);
    expect(r.log).toMatch(/ERRO .*SyntaxError/);
    expect(r.summary.metrics.iterations?.values.count).toBeGreaterThan(4);
    expect(r.errors).toEqual(path === 'html' ? { 1502: expect.objectContaining({ message: '502 Bad Gateway' }) } : {});
  });
});
