// A node:http proxy in front of the mock that mutates chosen answers: a provider that breaks its contract.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body: unknown;
}

/** Returns the changed answer for a path, or undefined to pass it through untouched. */
export type Mutation = (path: string, answer: Answer) => Answer | undefined;

export async function startBrokenProvider(targetUrl: string, mutate: Mutation) {
  const target = new URL(targetUrl);
  const server = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const original: Answer = { status: answer.statusCode ?? 502, body: text ? JSON.parse(text) : null };
          const changed = mutate(req.url ?? '', original) ?? original;
          const body = JSON.stringify(changed.body);
          res.writeHead(changed.status, {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          });
          res.end(body);
        });
      },
    );
    upstream.on('error', (error) => res.writeHead(502).end(error.message));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
