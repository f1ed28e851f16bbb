// A validating proxy between the verifier and the provider: every request and every answer is checked against
// schemas/ and recorded per interaction. An answer that breaks a documented shape is replaced by a 502 naming the
// violations, so the verifier (and a broker it publishes to) fails that interaction too.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAlivePool, request } from '../../client/node-transport.ts';
import { type Finding, operationAt, requestFindings, responseFindings } from './schema-check.ts';

/** Set by the state guard's request filter on each interaction's request; never reaches the provider. */
export const interactionHeader = 'x-contract-interaction';

export interface Exchange {
  method: string;
  path: string;
  operationId?: string;
  requestFindings: Finding[];
  /** What the provider answered; status 0 when it could not be reached. */
  status: number;
  body: unknown;
  responseFindings: Finding[];
  /** The verifier got a 502 instead, because the answer broke a documented shape. */
  replaced: boolean;
  error?: string;
}

const hopByHop = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  interactionHeader,
]);

/** The request's headers for the provider; without accept-encoding, so answers come back as plain text to check. */
function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value !== undefined && !hopByHop.has(lower) && lower !== 'accept-encoding') out[name] = value;
  }
  return out;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export async function startConformanceProxy(targetBaseUrl: string, options: { timeoutMs?: number } = {}) {
  const target = new URL(targetBaseUrl);
  const prefix = target.pathname.replace(/\/+$/, '');
  const exchanges = new Map<number, Exchange>();
  const timeout = options.timeoutMs ?? 30_000;
  const upstream = keepAlivePool(16, timeout);

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const requestText = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const op = operationAt(method, path);
    const exchange: Exchange = {
      method,
      path,
      ...(op ? { operationId: op.operationId } : {}),
      requestFindings: op
        ? requestFindings(op, parse(requestText))
        : [{ text: `${method} ${path} is no operation of schemas/openapi.json` }],
      status: 0,
      body: undefined,
      responseFindings: [],
      replaced: false,
    };
    const index = Number(req.headers[interactionHeader]);
    if (Number.isInteger(index)) exchanges.set(index, exchange);

    let status: number;
    let headers: Record<string, string | string[]> = {};
    let text: string;
    try {
      const answer = await request(new URL(`${prefix}${path}`, target.origin), {
        method: method as 'POST',
        headers: forwardHeaders(req.headers),
        body: requestText.length ? requestText : null,
        dispatcher: upstream,
      });
      status = answer.statusCode;
      text = await answer.body.text();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !hopByHop.has(name.toLowerCase())) headers[name] = value;
      }
    } catch (error) {
      exchange.error = `the provider did not answer: ${(error as Error).message}`;
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(exchange.error);
      return;
    }
    exchange.status = status;
    exchange.body = parse(text);
    if (op) exchange.responseFindings = responseFindings(op, status, exchange.body);
    const documented = exchange.responseFindings.filter((f) => !f.assumption);
    if (documented.length) {
      exchange.replaced = true;
      status = 502;
      text = JSON.stringify({
        status: 'error',
        errors: {
          code: 'SCHEMA_VIOLATION',
          message: `the provider answered ${exchange.status}, breaking its schema: ${documented.map((f) => f.text).join('; ')}`,
        },
      });
      headers = { 'content-type': 'application/json' };
    }
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) }).end(text);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => upstream.destroy().then(resolve, resolve));
      }),
  };
}
