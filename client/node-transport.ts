// Node transport over undici with a keep-alive pool per origin. undici's files are loaded one by one: its index loads
// all of undici (fetch, WebSocket, mocks, caches), and its cookie helpers wake Node's own fetch too, 0.1 s of CPU in
// every process that sends a request (most of those a run or the tests start).
import type { Dispatcher } from 'undici';
import dispatchRequest from 'undici/lib/api/api-request.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import type { Transport } from './client.ts';

/** A keep-alive pool per origin whose answers must start and finish within `timeoutMs` (default 10 s). */
export const keepAlivePool = (connections: number, timeoutMs = 10_000) =>
  new Agent({ connections, keepAliveTimeout: 10_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });

/** undici's `request(url, options)`, on `options.dispatcher`. */
export function request(
  url: string | URL,
  options: { dispatcher: Dispatcher } & Omit<Dispatcher.RequestOptions, 'origin' | 'path'>,
): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = new URL(url);
  return dispatchRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
  });
}

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
