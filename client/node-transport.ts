// Node transport over undici with a keep-alive pool per origin.
import { Agent, request } from 'undici';
import type { Transport } from './client.ts';

/** Any operation's requests, the API's and the mock admin API's alike. */
export function nodeTransport(options: { connections?: number; timeoutMs?: number } = {}): Transport<string> & {
  close(): Promise<void>;
} {
  const timeout = options.timeoutMs ?? 10_000;
  const dispatcher = new Agent({
    connections: options.connections ?? 16,
    keepAliveTimeout: 10_000,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  return {
    async send(req) {
      try {
        const res = await request(req.url, {
          method: req.method as 'POST',
          headers: req.headers,
          body: req.body,
          dispatcher,
        });
        return { status: res.statusCode, body: await res.body.text() };
      } catch (error) {
        return { status: 0, body: '', error: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => dispatcher.close(),
  };
}
