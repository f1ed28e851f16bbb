// The engine's own HTTP/1.1 client on the wire: request framing and every way an answer can be framed.
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exchange, HttpClient } from '../http/client.ts';

let server: Server;
let raw: NetServer;
let origin: string;
let rawOrigin: string;
const ports = new Set<number>();

// Answers a raw server writes verbatim, by request path, for framings node:http never produces.
const rawAnswers: Record<string, string> = {
  '/until-close': 'HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nuntil-close',
  '/continue': 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
  '/garbage': 'SMTP ready\r\n\r\n',
  '/chunk-ext':
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;x=y\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n',
};

beforeAll(async () => {
  server = createServer((req, res) => {
    ports.add(req.socket.remotePort ?? 0);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      body += d;
    });
    req.on('end', () => {
      if (req.url === '/chunked') {
        res.write('ab');
        setTimeout(() => res.end('cdé'), 5);
      } else if (req.url === '/empty') res.writeHead(204).end();
      else if (req.url === '/close') res.writeHead(200, { connection: 'close' }).end('bye');
      else res.end(`${req.method} ${req.headers.host} ${req.headers['content-length']} ${req.headers['x-t']} ${body}`);
    });
  });
  raw = createNetServer((socket) => {
    socket.once('data', (d) => {
      const path = d.toString('latin1').split(' ')[1] ?? '';
      socket.end(rawAnswers[path] ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rawOrigin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => raw.close(r));
});

const text = (ex: Exchange) => Buffer.concat(ex.chunks ?? []).toString('utf8');

async function send(client: HttpClient, method: string, url: string, body: string | null = null): Promise<Exchange> {
  const u = new URL(url);
  return client.send({
    method,
    origin: u.origin,
    path: u.pathname,
    headers: { 'x-t': 'é' },
    body,
    timeoutMs: 5000,
    responseType: 'text',
  });
}

describe('HTTP client framing', () => {
  it('writes head and body with host and content-length, and reuses one keep-alive connection', async () => {
    const client = new HttpClient({ connections: 1 });
    ports.clear();
    const post = await send(client, 'POST', `${origin}/echo`, 'héllo');
    const empty = await send(client, 'POST', `${origin}/echo`);
    const get = await send(client, 'GET', `${origin}/echo`);
    const host = new URL(origin).host;
    expect(text(post)).toBe(`POST ${host} 6 é héllo`);
    expect(text(empty)).toBe(`POST ${host} 0 é `);
    expect(text(get)).toBe(`GET ${host} undefined é `);
    expect(post.sentBytes).toBe(post.wire.length);
    expect(post.rawHeaders).toContain('Content-Length');
    expect(ports.size).toBe(1);
    await client.close();
  });

  it('reads chunked, bodiless (HEAD, 204) and connection-close answers', async () => {
    const client = new HttpClient({ connections: 2 });
    const chunked = await send(client, 'GET', `${origin}/chunked`);
    const head = await send(client, 'HEAD', `${origin}/echo`);
    const empty = await send(client, 'GET', `${origin}/empty`);
    const close = await send(client, 'GET', `${origin}/close`);
    const after = await send(client, 'GET', `${origin}/echo`);
    expect([chunked.status, text(chunked)]).toEqual([200, 'abcdé']);
    expect([head.status, text(head)]).toEqual([200, '']);
    expect([empty.status, empty.statusText, text(empty)]).toEqual([204, 'No Content', '']);
    expect([close.status, text(close)]).toEqual([200, 'bye']);
    expect(after.status).toBe(200);
    await client.close();
  });

  it('reads a body framed by the close, skips 1xx, takes chunk extensions and trailers, rejects non-HTTP', async () => {
    const client = new HttpClient({ connections: 4 });
    const [untilClose, cont, ext, garbage] = await Promise.all(
      ['/until-close', '/continue', '/chunk-ext', '/garbage'].map((p) => send(client, 'GET', `${rawOrigin}${p}`)),
    );
    expect([untilClose?.status, text(untilClose as Exchange), untilClose?.rawHeaders]).toEqual([
      200,
      'until-close',
      ['X-A', '1'],
    ]);
    expect([cont?.status, text(cont as Exchange)]).toEqual([201, 'ok']);
    expect([ext?.status, text(ext as Exchange)]).toEqual([200, 'abc']);
    expect([garbage?.status, garbage?.errorCode, garbage?.errorMessage]).toEqual([0, 1000, 'malformed status line']);
    await client.close();
  });

  it('refuses header values that would split the request', async () => {
    const client = new HttpClient({ connections: 1 });
    const ex = await client.send({
      method: 'GET',
      origin,
      path: '/',
      headers: { 'x-evil': 'a\r\nx-injected: 1' },
      body: null,
      timeoutMs: 1000,
      responseType: 'text',
    });
    expect([ex.status, ex.errorCode]).toEqual([0, 1000]);
    await client.close();
  });
});
