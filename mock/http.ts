// The bits of node:http the mock needs: the route a request is served by, reading a bounded body and writing a
// JSON answer.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { errorBody, type MockError } from './errors.ts';

export interface Reply {
  status: number;
  /** A string, not bytes: Node then writes headers and body in one write. */
  body: string;
  headers?: OutgoingHttpHeaders;
}

export interface Route {
  /** Needs `Authorization: Basic <apiKey>`. */
  auth: boolean;
  /** Answers errors in the POS envelope (with `payload: null`). */
  pos: boolean;
  readsBody: boolean;
  /** API routes only: what fault rules match on (besides the path). */
  operationId?: string;
  handle(body: unknown, now: number): Reply;
}

export const errorReply = (error: MockError, pos: boolean, headers?: OutgoingHttpHeaders): Reply => ({
  status: error.status,
  body: errorBody(error, pos),
  ...(headers ? { headers } : {}),
});

export const okReply = (value: unknown): Reply => ({ status: 200, body: JSON.stringify(value) });

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}

const jsonType = /^application\/json\s*(?:;|$)/i;
export const isJson = (contentType: string | undefined) => contentType !== undefined && jsonType.test(contentType);

/** The body, or undefined once it passes `limit` bytes: reading stops there and the rest is never buffered. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Inline, unnamed listeners: a named per-request closure costs a defineProperty under tsx (keepNames).
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
      } else if (size - chunk.length <= limit) {
        req.pause();
        resolve(undefined);
      }
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
