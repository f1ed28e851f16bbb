// Sends cases over one keep-alive undici pool, at most `rate` requests per second when a rate is given.
import { setTimeout as sleep } from 'node:timers/promises';
import { keepAlivePool, request } from '../client/node-transport.ts';
import type { FuzzCase } from './cases.ts';

export interface Answer {
  /** 0 when no HTTP answer came back. */
  status: number;
  body: string;
  error?: string;
}

export interface Sender {
  send(fuzzCase: FuzzCase): Promise<Answer>;
  close(): Promise<void>;
}

export function httpSender(
  baseUrl: string,
  apiKey: string,
  options: { connections?: number; timeoutMs?: number; rate?: number } = {},
): Sender {
  const dispatcher = keepAlivePool(options.connections ?? 8, options.timeoutMs);
  const slot = rateLimiter(options.rate);
  return {
    async send(fuzzCase) {
      await slot();
      const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Basic ${apiKey}` };
      if (fuzzCase.contentType !== undefined) headers['Content-Type'] = fuzzCase.contentType;
      try {
        const res = await request(baseUrl + fuzzCase.path, {
          method: fuzzCase.method as 'POST',
          headers,
          body: fuzzCase.body,
          dispatcher,
        });
        return { status: res.statusCode, body: await res.body.text() };
      } catch (error) {
        return {
          status: 0,
          body: '',
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        };
      }
    },
    close: () => dispatcher.close(),
  };
}

/** Spaces calls 1/rate seconds apart, shared by every concurrent caller; no rate: no waiting. */
export function rateLimiter(rate?: number): () => Promise<void> {
  if (rate === undefined) return async () => {};
  const gap = 1000 / rate;
  let next = 0;
  return async () => {
    const now = performance.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await sleep(at - now);
  };
}
