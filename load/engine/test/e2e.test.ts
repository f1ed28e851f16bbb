import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEntry } from '../../../client/node-entry.ts';
import { type RunOptions, runBundle, type SummaryData, type Timeseries } from '../index.ts';

const here = import.meta.dirname;
let dir: string;
let server: Server;
let base: string;
let closedUrl: string;
const hits = new Map<string, number>();
const offerIds = new Set<string>();
const vuIds = new Set<string>();
const auth = new Set<string>();

/** Bundles a fixture exactly as the project bundles its k6 scripts. */
async function bundle(name: string): Promise<string> {
  const outfile = join(dir, `${name}.js`);
  await build({
    entryPoints: [join(here, 'fixtures', `${name}.ts`)],
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    external: ['k6', 'k6/*', 'https://*'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

async function run(name: string, env: Record<string, string> = {}, extra: RunOptions = {}) {
  hits.clear();
  const log: string[] = [];
  const out: string[] = [];
  const result = await runBundle(await bundle(name), {
    cwd: dir,
    outDir: join(dir, `out-${name}-${Object.values(env).join('-')}`),
    env: { BASE_URL: base, CLOSED_URL: closedUrl, ...env },
    quiet: true,
    stdout: { write: (s: string) => out.push(s) > 0 } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => log.push(s) > 0 } as unknown as NodeJS.WritableStream,
    ...extra,
  });
  return { ...result, log: log.join(''), out: out.join('') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-e2e-'));
  await writeFile(join(dir, 'offer-ids.json'), JSON.stringify(['o-1', 'o-2', 'o-3']));
  // k6 creates no folder for handleSummary's paths (cmd/run.go handleSummaryResult): the basic fixture's is made here.
  await mkdir(join(dir, 'handle-summary'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${req.method} ${url.pathname}`;
    if (url.searchParams.has('id')) offerIds.add(url.searchParams.get('id') as string);
    if (url.searchParams.has('vu')) vuIds.add(url.searchParams.get('vu') as string);
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (req.headers.authorization) auth.add(req.headers.authorization);
    req.resume();
    req.on('end', () => {
      if (key === 'POST /locks') {
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"locked":true}');
      } else if (key === 'GET /offers') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"offers":[]}');
      } else if (key === 'GET /slow') {
        setTimeout(() => res.writeHead(200).end('late'), 400);
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was free a moment ago: connecting to it is refused.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe('embedded engine end to end', () => {
  it('runs a k6 bundle: scenarios, setup data, checks, custom metrics, sub-metrics and outputs', async () => {
    const jsonOut = join(dir, 'points.jsonl');
    const r = await run('basic', {}, { jsonOut });
    expect(r.log).not.toMatch(/ERRO/);
    expect(r.exitCode).toBe(0);
    expect(hits.get('GET /offers')).toBe(40); // constant-arrival-rate 40/s for 1 s; 40 preallocated VUs rule out drops
    expect(hits.get('POST /locks')).toBe(10); // per-vu-iterations 2 VUs x 5
    expect([...auth]).toEqual(['Bearer tkn']); // setup()'s return value reached the iterations
    expect([...offerIds].sort()).toEqual(['o-1', 'o-2', 'o-3']); // open() + SharedArray
    expect([...vuIds].every((v) => Number(v) >= 1)).toBe(true); // __VU inside an iteration
    expect(r.out).toBe('requests: 50\n'); // handleSummary's stdout replaces the text summary
    expect(JSON.parse(await readFile(join(dir, 'handle-summary', 'brief.json'), 'utf8'))).toMatchObject({
      requests: 50,
    });

    const summary = JSON.parse(await readFile(join(r.outDir as string, 'summary.json'), 'utf8')) as SummaryData;
    expect(summary.metrics).toEqual(JSON.parse(JSON.stringify(r.summary?.metrics)));
    const m = summary.metrics;
    expect(m.http_reqs?.values.count).toBe(50);
    expect(m['http_reqs{scenario:lock}']?.values.count).toBe(10);
    expect(m['http_reqs{scenario:lock}']?.thresholds).toEqual({ 'count>=10': { ok: true } });
    expect(m['http_req_duration{name:lock}']).toMatchObject({
      type: 'trend',
      contains: 'time',
      thresholds: { 'p(95)<2000': { ok: true } },
    });
    expect(Object.keys(m['http_req_duration{name:lock}']?.values ?? {})).toEqual([
      'avg',
      'min',
      'med',
      'max',
      'p(90)',
      'p(95)',
    ]);
    expect(m['http_req_duration{expected_response:true}']).toBeDefined();
    expect(m.http_req_failed?.values).toMatchObject({ rate: 0, passes: 0, fails: 50 });
    expect(m.iterations?.values.count).toBe(50);
    expect(m.locks?.values.count).toBe(10);
    expect(m.ok_rate?.values.rate).toBe(1);
    expect(m.offer_latency).toMatchObject({ type: 'trend', contains: 'time' });
    expect(m.checks?.values).toMatchObject({ passes: 60, fails: 0 });
    expect(m.dropped_iterations).toBeUndefined();
    expect(summary.root_group.checks.map((c) => [c.name, c.passes, c.fails]).sort()).toEqual([
      ['lock 201', 10, 0],
      ['lock body', 10, 0],
      ['offers 200', 40, 0],
    ]);
    expect(summary.options.summaryTrendStats).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);
    expect(summary.state.testRunDurationMs).toBeGreaterThanOrEqual(1000);

    const ts = JSON.parse(await readFile(join(r.outDir as string, 'timeseries.json'), 'utf8')) as Timeseries;
    const reqs = ts.series.http_reqs?.columns.count as number[];
    expect(reqs).toHaveLength(ts.t.length);
    expect(reqs.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(50);
    expect((ts.series['http_reqs{name:lock}']?.columns.count ?? []).reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(10);
    expect(Object.keys(ts.series['http_req_duration{name:lock}']?.columns ?? {})).toEqual([
      'count',
      'avg',
      'min',
      'p50',
      'p90',
      'p95',
      'p99',
      'max',
    ]);

    const lines = (await readFile(jsonOut, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      type: 'Metric',
      metric: lines[0].data.name,
      data: { type: expect.any(String), contains: expect.any(String) },
    });
    const reqPoints = lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs');
    expect(reqPoints).toHaveLength(50);
    expect(reqPoints[0].data).toMatchObject({
      value: 1,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      tags: { method: expect.any(String), status: expect.stringMatching(/^20[01]$/) },
    });
    expect(reqPoints.filter((l) => l.data.tags.name === 'lock' && l.data.tags.scenario === 'lock')).toHaveLength(10);
  });

  it('exits 99 when a threshold fails, and marks it in the summary', async () => {
    const r = await run('basic', { FAIL_THRESHOLD: '1' });
    expect(r.exitCode).toBe(99);
    expect(r.summary?.metrics['http_reqs{scenario:lock}']?.thresholds).toEqual({ 'count<1': { ok: false } });
  });

  it('fails at start, naming the API, when the script uses one the engine lacks', async () => {
    const r = await run('unsupported');
    expect(r.exitCode).toBe(107);
    expect(r.error).toContain('k6/http.batch is not supported by the embedded engine');
    expect(hits.size).toBe(0);
  });

  it('maps timeouts, refused connections and HTTP errors to k6 error codes', async () => {
    const r = await run('edge', { MODE: 'errors' });
    expect(r.exitCode).toBe(0);
    expect(r.summary?.root_group.checks.map((c) => [c.name, c.passes, c.fails])).toEqual([
      ['timeout is 1050', 1, 0],
      ['refused is 1212', 1, 0],
      ['404 is 1404', 1, 0],
    ]);
    expect(r.summary?.metrics.http_req_failed?.values).toMatchObject({ passes: 3, fails: 0 });
  });

  it('exec.test.abort() stops the run with exit code 108', async () => {
    const r = await run('edge', { MODE: 'abort' });
    expect(r.exitCode).toBe(108);
    expect(r.error).toBe('test aborted: stop here'); // k6's reason: errext.AbortTest + ": " + the message
    expect(hits.get('GET /offers')).toBe(2);
    expect(r.summary?.metrics.iterations?.values.count).toBe(2);
  });

  it('abortOnFail ends the run early with exit code 99', async () => {
    const r = await run('edge', { MODE: 'abortOnFail' });
    expect(r.exitCode).toBe(99);
    expect(r.error).toMatch(/thresholds on metrics 'checks' were crossed/);
    expect(r.summary?.state.testRunDurationMs).toBeLessThan(20_000); // before the 20 s the scenario asked for
    expect(r.summary?.metrics.checks?.thresholds).toEqual({ 'rate>0.99': { ok: false } });
  });

  it('the CLI runs a bundle, writes summary.json to --out and exits with the run code', async () => {
    const file = await bundle('basic');
    const out = join(dir, 'cli-out');
    // Async spawn: the test server lives in this process and must keep answering.
    const child = spawn(
      process.execPath,
      [
        ...nodeEntry('load/engine/cli.ts'),
        'run',
        file,
        '--out',
        out,
        '--env',
        `BASE_URL=${base}`,
        '--env',
        'FAIL_THRESHOLD=1',
        '--quiet',
      ],
      { cwd: dir, stdio: 'ignore', timeout: 20_000, env: { ...process.env, CI: 'true' } },
    );
    const status = await new Promise<number | null>((r) => child.on('exit', r));
    expect(status).toBe(99);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as SummaryData;
    expect(summary.metrics.http_reqs?.values.count).toBe(50);
  });
});
