import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioState, VU } from '../context.ts';
import { HttpClient } from '../http/client.ts';
import { httpModule } from '../k6/http.ts';
import { roll, type Tags } from '../metrics/registry.ts';
import type { TrendSink } from '../metrics/sinks.ts';
import { scenariosFrom } from '../options.ts';
import { Runtime } from '../runtime.ts';

let server: Server;
let origin: string;
const seen: string[] = [];
const sockets = new Set<number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    sockets.add(req.socket.remotePort ?? 0);
    const delay = req.url === '/slow' ? 300 : 0;
    setTimeout(
      () => res.writeHead(req.url === '/teapot' ? 418 : 200, { 'x-Custom-head': 'v' }).end('{"ok":true}'),
      delay,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A VU in the middle of an iteration, as an executor runs one. */
function iteratingVU(): VU {
  const [config] = scenariosFrom({});
  const vu = new VU(1);
  vu.iter = {
    scenario: new ScenarioState(config as NonNullable<typeof config>),
    iterationInTest: 0,
    tags: { scenario: 'default', group: '' } as Tags,
    group: '',
    sleepUntil: 0,
  };
  return vu;
}

describe('HTTP client', () => {
  it('times k6 phases, reuses the keep-alive connection and charges connect time to the first request only', async () => {
    const rt = new Runtime({}, '/', {}, () => undefined);
    rt.http = new HttpClient({ connections: 1 });
    const http = httpModule(rt, iteratingVU());
    const named = rt.registry.submetric('http_reqs{name:one}');
    const byUrl = rt.registry.submetric(`http_reqs{name:${origin}/two}`); // k6: name defaults to the URL
    seen.length = 0;
    sockets.clear();
    const a = await http.asyncRequest('GET', `${origin}/one`, null, { tags: { name: 'one' } });
    const b = await http.asyncRequest('GET', `${origin}/two`);
    await rt.http.close();
    for (const r of [a, b]) {
      const t = r?.timings;
      expect(t?.duration).toBeCloseTo((t?.sending ?? 0) + (t?.waiting ?? 0) + (t?.receiving ?? 0), 9);
      expect(r?.status).toBe(200);
    }
    expect(a?.timings.connecting).toBeGreaterThan(0);
    expect(b?.timings.connecting).toBe(0);
    expect(sockets.size).toBe(1);
    expect(a?.headers['X-Custom-Head']).toBe('v');
    expect(a?.json()).toEqual({ ok: true });
    roll(rt.registry);
    expect((rt.m.http_req_duration.sink as TrendSink).count).toBe(2);
    expect(named.sink).toMatchObject({ count: 1 });
    expect(byUrl.sink).toMatchObject({ count: 1 });
  });

  it('a request that times out while queued for a connection is never sent', async () => {
    const rt = new Runtime({}, '/', {}, () => undefined);
    rt.http = new HttpClient({ connections: 1 });
    const http = httpModule(rt, iteratingVU());
    seen.length = 0;
    const [slow, queued] = await Promise.all([
      http.asyncRequest('GET', `${origin}/slow`, null, { timeout: '2s' }),
      http.asyncRequest('GET', `${origin}/queued`, null, { timeout: 100 }),
    ]);
    expect(queued.error_code).toBe(1050);
    expect(queued.error).toBe('request timeout');
    expect(queued.status).toBe(0);
    expect(slow.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['/slow']);
    await rt.http.close();
  });

  it('4xx responses get error_code 1000+status and count as failed; expectedStatuses changes that', async () => {
    const rt = new Runtime({}, '/', {}, () => undefined);
    rt.http = new HttpClient({ connections: 1 });
    const http = httpModule(rt, iteratingVU());
    const res = await http.asyncRequest('GET', `${origin}/teapot`);
    http.setResponseCallback(http.expectedStatuses(200, { min: 400, max: 418 }));
    await http.asyncRequest('GET', `${origin}/teapot`);
    await rt.http.close();
    expect(res.error_code).toBe(1418);
    roll(rt.registry);
    expect(rt.m.http_req_failed.sink).toMatchObject({ passes: 1, total: 2 });
  });
});
