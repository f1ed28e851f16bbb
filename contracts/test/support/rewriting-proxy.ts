// A node:http proxy in front of a provider that can rewrite requests on their way in and answers on their way out:
// the base of the test-double providers (vendor-double.ts).
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Sent {
  method: string;
  path: string;
  /** The JSON body as forwarded (after any request rewrite); undefined without one. */
  body: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
  /** Extra or replaced response headers. */
  headers?: Record<string, string>;
}

export interface Rewrite {
  /** A new body to forward instead, or undefined to forward it as it came. */
  request?(sent: Sent): unknown;
  /** The answer to give instead, or undefined to pass the provider's on. */
  answer?(sent: Sent, answer: Answer): Answer | undefined | Promise<Answer | undefined>;
}

const parse = (text: string): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export async function startRewritingProxy(targetUrl: string, rewrite: Rewrite) {
  const target = new URL(targetUrl);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const incoming: Sent = { method: req.method ?? 'GET', path: req.url ?? '/', body: parse(raw.toString('utf8')) };
    const replaced = rewrite.request?.(incoming);
    const sent = replaced === undefined ? incoming : { ...incoming, body: replaced };
    // Unchanged bodies go on byte for byte: malformed ones (the fuzzer's) must reach the provider as they were sent.
    const text = replaced === undefined ? raw : typeof replaced === 'string' ? replaced : JSON.stringify(replaced);
    const { host: _, 'content-length': __, ...headers } = req.headers;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: sent.path,
        method: sent.method,
        headers: { ...headers, 'content-length': Buffer.byteLength(text) },
      },
      (reply) => {
        const body: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => body.push(chunk));
        reply.on('end', async () => {
          const original: Answer = {
            status: reply.statusCode ?? 502,
            body: parse(Buffer.concat(body).toString('utf8')),
          };
          const changed = (await rewrite.answer?.(sent, original)) ?? original;
          const out = changed.body === undefined ? '' : JSON.stringify(changed.body);
          res.writeHead(changed.status, {
            'Content-Type': 'application/json',
            ...changed.headers,
            'Content-Length': Buffer.byteLength(out),
          });
          res.end(out);
        });
      },
    );
    upstream.on('error', (error) => res.writeHead(502).end(error.message));
    upstream.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
