import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../client/config.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import { buildPosRequest } from '../../client/requests.ts';
import type { MockFaultsRequest } from '../../schemas/generated/types.ts';
import { validate } from '../../schemas/validate.ts';
import { FaultPlan } from '../faults.ts';
import { startMock } from '../server.ts';
import { authHeaders, bodyOf, failure, type Harness, startHarness } from './harness.ts';

const lookupBody = (url: string, requestId: string) =>
  buildPosRequest(
    configFromEnv({ SESSIONM_BASE_URL: url }),
    'getUserOffers',
    { external_customer_id: '14311211' },
    requestId,
  ).body;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(async () => {
  await h.admin.reset();
  await h.admin.clearFaults();
});

const setFaults = (doc: unknown) => h.admin.setFaults(doc as MockFaultsRequest);
const faultStatus = async () => bodyOf(await h.admin.faults()).payload;
const lookup = (requestId: string) =>
  fetch(`${h.mock.url}/api/2.0/Lookup`, {
    method: 'POST',
    headers: authHeaders,
    body: lookupBody(h.mock.url, requestId),
  });

describe('faults document', () => {
  const slowLock = { rules: [{ route: 'lockUserOffer', latency: { fixed_ms: 600 } }] };

  it.each([
    ['an unknown route', { rules: [{ route: 'lookup', hang: { rate: 1 } }] }, '/rules/0/route'],
    [
      'two distributions',
      { rules: [{ route: '*', latency: { fixed_ms: 1, uniform_ms: [1, 2] } }] },
      '/rules/0/latency',
    ],
    ['a rate over 1', { rules: [{ route: '*', reset: { rate: 1.5 } }] }, '/rules/0/reset/rate'],
    ['rates adding up over 1', { rules: [{ route: '*', reset: { rate: 0.6 }, hang: { rate: 0.6 } }] }, '/rules/0'],
    [
      'a status it cannot inject',
      { rules: [{ route: '*', error: { status: 502, rate: 1 } }] },
      '/rules/0/error/status',
    ],
    [
      'a stall as long as its period',
      { rules: [{ route: '*', stall: { every_ms: 10, for_ms: 10 } }] },
      '/rules/0/stall/for_ms',
    ],
    [
      'p99 below p50',
      { rules: [{ route: '*', latency: { pareto: { p50_ms: 50, p99_ms: 5 } } }] },
      '/rules/0/latency/pareto',
    ],
    ['an unknown field', { rules: [{ route: '*', reset: { rate: 0.1 }, drop: { rate: 1 } }] }, '/rules/0/drop'],
  ])('rejects %s with 400 naming %s, and keeps the plan in force', async (_name, doc, path) => {
    await setFaults(slowLock);
    const refused = await setFaults(doc);
    expect(failure(refused)).toEqual({ status: 400, code: 'VALIDATION' });
    const errors = refused.ok ? undefined : refused.error?.errors;
    expect(errors?.validation_errors?.map((v) => v.path)).toContain(path);
    expect(errors?.message).toContain(path);
    expect((await faultStatus()).faults).toEqual(slowLock);
  });

  it('is read back by GET and cleared by DELETE', async () => {
    expect((await setFaults(slowLock)).status).toBe(200);
    expect(await faultStatus()).toMatchObject({ faults: slowLock, hanging: 0 });
    expect(bodyOf(await h.admin.clearFaults()).payload.faults).toBeNull();
    expect((await faultStatus()).faults).toBeNull();
  });

  it('a bad document fails startMock, naming the field', async () => {
    const bad = { rules: [{ route: '*', error: { status: 503, rate: 2 } }] };
    await expect(startMock({ faults: bad as never })).rejects.toThrow('/rules/0/error/rate');
  });

  it('npm run mock -- --faults with a bad file exits 2 naming the field, before listening', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mock-faults-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ rules: [{ route: '*', stall: { every_ms: 100 } }] }));
    const cli = spawnSync(process.execPath, [...nodeEntry('mock/cli.ts'), '--port', '0', '--faults', file], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 20_000,
    });
    await rm(dir, { recursive: true, force: true });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('/rules/0/stall/for_ms');
    expect(cli.stdout).not.toContain('listening');
  });

  it.each(readdirSync(join(import.meta.dirname, '..', 'faults')))('example mock/faults/%s is valid', (file) => {
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'faults', file), 'utf8'));
    expect(() => FaultPlan.parse(doc)).not.toThrow();
  });
});

describe('draws', () => {
  const quantile = (sorted: number[], p: number) => sorted[Math.floor((sorted.length - 1) * p)] as number;
  const delays = (latency: object, n = 20_000) => {
    const plan = FaultPlan.parse({ seed: 5, rules: [{ route: '*', latency }] });
    return Array.from({ length: n }, () => plan.draw('getUserOffers', '/api/2.0/Lookup')?.delayMs ?? -1).sort(
      (a, b) => a - b,
    );
  };

  it.each(['lognormal', 'pareto'])('%s latency has the p50 and p99 it was given', (kind) => {
    const sorted = delays({ [kind]: { p50_ms: 20, p99_ms: 400 } });
    expect(quantile(sorted, 0.5)).toBeGreaterThan(18);
    expect(quantile(sorted, 0.5)).toBeLessThan(22);
    expect(quantile(sorted, 0.99)).toBeGreaterThan(340);
    expect(quantile(sorted, 0.99)).toBeLessThan(460);
  });

  it('uniform stays within its bounds and max_ms caps every draw', () => {
    const uniform = delays({ uniform_ms: [10, 30] }, 2000);
    expect(uniform[0]).toBeGreaterThanOrEqual(10);
    expect(uniform.at(-1)).toBeLessThanOrEqual(30);
    expect(delays({ pareto: { p50_ms: 20, p99_ms: 5000 }, max_ms: 100 }, 2000).at(-1)).toBe(100);
  });

  it('the same seed gives the same faults; rules only hit their own routes; limit stops a fault', () => {
    const doc = {
      seed: 9,
      rules: [
        { route: 'sendTransaction', error: { status: 503, rate: 0.5 } },
        { route: '/api/2.0/Lock', drop_after_apply: { rate: 1, limit: 2 } },
      ],
    };
    const kinds = (plan: FaultPlan) =>
      Array.from({ length: 40 }, () => plan.draw('sendTransaction', '/api/2.0/send_transaction')?.action.kind);
    const first = kinds(FaultPlan.parse(doc));
    expect(kinds(FaultPlan.parse(doc))).toEqual(first);
    expect(kinds(FaultPlan.parse({ ...doc, seed: 10 }))).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['error', 'none']));
    const plan = FaultPlan.parse(doc);
    expect(plan.draw('lockUserOffer', '/api/2.0/lock')).toBeNull();
    const locks = Array.from({ length: 4 }, () => plan.draw('lockUserOffer', '/api/2.0/Lock')?.action.kind);
    expect(locks).toEqual(['drop', 'drop', 'none', 'none']);
  });

  it('a stall holds answers ready inside its window until the window ends', () => {
    const plan = FaultPlan.parse({ rules: [{ route: '*', stall: { every_ms: 5000, for_ms: 1000 } }] });
    expect(plan.stallMs('fetchOffer', '/x', 10_250)).toBe(750);
    expect(plan.stallMs('fetchOffer', '/x', 11_000)).toBe(0);
    expect(plan.stallMs('fetchOffer', '/x', 14_999)).toBe(0);
  });
});

describe('injected faults over HTTP', () => {
  it('429 carries Retry-After and the error envelope, and applies nothing', async () => {
    await setFaults({ rules: [{ route: 'issueUserOffer', error: { status: 429, rate: 1, retry_after_s: 7 } }] });
    const before = await h.state();
    const demo = (await h.client.getUserOffers({ external_customer_id: '14311211' })) as { body: any };
    const userId = demo.body.payload[0].user_id;
    const res = await h.raw('/api/2.0/offers/acquisition/issue', {
      headers: authHeaders,
      body: JSON.stringify({
        retailer_id: '2D5B5A08-BECD-4837-A69A-2AB967C7773A',
        user_id: userId,
        offer_id: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a',
      }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    const body = (await res.json()) as { errors: { code: string } };
    expect(body.errors.code).toBe('TOO_MANY_REQUESTS');
    expect(validate('error.response.json', body)).toEqual({ ok: true });
    expect(await h.state()).toEqual(before);
  });

  it('a reset closes the connection before the request is applied', async () => {
    await setFaults({ rules: [{ route: 'getUserOffers', reset: { rate: 1 } }] });
    const error = await lookup('reset-1').then(
      () => undefined,
      (e: Error) => e,
    );
    expect((error?.cause as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNRESET');
    expect((await faultStatus()).counts.resets).toBe(1);
  });

  it('a hung request is held until the client gives up, then forgotten; close() does not wait for it', async () => {
    const mock = await startMock({ faults: { rules: [{ route: '*', hang: { rate: 1 } }] } });
    const status = async () => bodyOf(await h.adminAt(mock.url).faults()).payload;
    const gaveUp = fetch(`${mock.url}/api/2.0/Lookup`, {
      method: 'POST',
      headers: authHeaders,
      body: lookupBody(mock.url, 'hang-1'),
      signal: AbortSignal.timeout(200),
    }).catch((e: Error) => e.name);
    // A second one is still hanging when the mock closes.
    const pending = rawPost(mock.port, '/api/2.0/Lookup', lookupBody(mock.url, 'hang-2'));
    expect(await gaveUp).toBe('TimeoutError');
    await waitFor(async () => (await status()).hanging === 1);
    expect((await status()).counts.hangs).toBe(2);
    await mock.close();
    expect(await pending).toBe('closed');
  });
});

/** POSTs over node:http; resolves 'closed' when the connection ends without an answer. */
function rawPost(port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: authHeaders }, (res) =>
      resolve(String(res.statusCode)),
    );
    req.on('error', () => resolve('closed'));
    req.end(body);
  });
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met within 2 s');
}
