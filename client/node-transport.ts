// Node transport over undici with a keep-alive pool per origin.
import { Agent, request } from 'undici';
import type { Transport } from './client.ts';

/** A keep-alive pool per origin whose answers must start and finish within `timeoutMs` (default 10 s). */
export const keepAlivePool = (connections: number, timeoutMs = 10_000) =>
  new Agent({ connections, keepAliveTimeout: 10_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });

/** Any operation's requests, the API's and the mock admin API's alike. */
export function nodeTransport(options: { connections?: number; timeoutMs?: number } = {}): Transport<string> & {
  close(): Promise<void>;
} {
  const dispatcher = keepAlivePool(options.connections ?? 16, options.timeoutMs);
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
