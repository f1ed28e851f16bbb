// The probe every command runs first, against real sockets on loopback: each way of failing is told apart.
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTimeoutMs, probe, unreachable, unreachableLine } from '../reach.ts';
import { closedPort } from './closed-port.ts';

const servers: { close(): void }[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

async function listen<T extends Server>(server: T): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

const failed = (r: Awaited<ReturnType<typeof probe>>) => {
  if (r.ok) throw new Error(`expected a failure, got HTTP ${r.status}`);
  return r;
};

describe('probe', () => {
  it('counts any HTTP answer as reachable, whatever its status', async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(404).end('no')));
    expect(await probe(`http://127.0.0.1:${port}/base`)).toEqual({
      ok: true,
      url: `http://127.0.0.1:${port}/base`,
      status: 404,
    });
  });

  it('tells a refused connection, naming the URL and what to check', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = failed(await probe(url));
    expect(result.kind).toBe('refused');
    expect(unreachableLine(result, 'the POS API')).toBe(
      `cannot reach the POS API at ${url}: connection refused (ECONNREFUSED): nothing listens there: check the URL and that the service is running`,
    );
  });

  it('tells a timeout from a refusal when the peer accepts and never answers', async () => {
    const port = await listen(createServer(() => {}));
    const result = failed(await probe(`http://127.0.0.1:${port}`, { timeoutMs: 200 }));
    expect(result.kind).toBe('timeout');
    expect(unreachableLine(result)).toMatch(/: no answer within 0\.2 s: .*raise --connect-timeout$/);
  });

  it('tells a TLS failure: https to a port that speaks plain HTTP', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('plain')));
    const result = failed(await probe(`https://127.0.0.1:${port}`));
    expect(result.kind).toBe('tls');
    expect(unreachableLine(result)).toMatch(/TLS failed .*check the certificate/);
  });

  it('tells a DNS failure (the .invalid TLD never resolves)', async () => {
    const result = failed(await probe('http://suite-probe.invalid', { timeoutMs: 3000 }));
    expect(result.kind).toBe('dns');
    expect(unreachableLine(result)).toMatch(
      /^cannot reach the target at http:\/\/suite-probe\.invalid: DNS lookup failed/,
    );
  });

  it('tells a connection reset by a peer that hangs up at once', async () => {
    const port = await listen(createServer((socket) => socket.resetAndDestroy()));
    expect(failed(await probe(`http://127.0.0.1:${port}`)).kind).toBe('reset');
  });

  it('never prints credentials or the query of a URL', async () => {
    const url = `http://user:secret@127.0.0.1:${await closedPort()}/x?key=secret`;
    const line = unreachableLine(failed(await probe(url)));
    expect(line).not.toContain('secret');
    expect(line).toContain('/x');
  });
});

describe('unreachable', () => {
  it('probes each URL once and lists only those that did not answer', async () => {
    const up = `http://127.0.0.1:${await listen(createHttpServer((_req, res) => res.end()))}`;
    const down = `http://127.0.0.1:${await closedPort()}`;
    const lines = await unreachable([
      { url: up, what: 'the Offers API' },
      { url: down, what: 'the POS API' },
      { url: down, what: 'the POS API again' },
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cannot reach the POS API at /);
    expect(await unreachable([{ url: up, what: 'x' }])).toEqual([]);
  });
});

describe('connectTimeoutMs', () => {
  it('reads seconds, defaults to 5 s and names the flag of a bad value', () => {
    expect(connectTimeoutMs(undefined)).toBe(5000);
    expect(connectTimeoutMs('0.5')).toBe(500);
    expect(() => connectTimeoutMs('soon')).toThrow('--connect-timeout must be seconds above 0, got "soon"');
    expect(() => connectTimeoutMs('0')).toThrow(/--connect-timeout/);
  });
});
