// startMock(): the embedded SessionM on node:http. Importing this module starts nothing.
import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demo } from '../fixtures/demo.ts';
import type { MockFaultsRequest, MockState } from '../schemas/generated/types.ts';
import { basicAuth } from './auth.ts';
import { MockError } from './errors.ts';
import { errorReply, isJson, type Reply, type Route, readBody, send } from './http.ts';
import type { FaultInjector } from './inject.ts';
import { MockInstance } from './instance.ts';
import { buildRoutes } from './router.ts';
import type { MockStore } from './store.ts';

export interface MockOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The Basic credential expected, base64 of client_id:secret (RFC 7617). Default the demo key (fixtures/demo.ts). */
  apiKey?: string;
  /** Larger bodies get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** At least this many recent POS answers are remembered for request_id idempotency. Default 10,000. */
  responseCacheSize?: number;
  /** Where handler bugs (answered 500) are reported. Default console.error. */
  logError?: (message: string, error: unknown) => void;
  /** Faults to inject from the start (schemas/mock-faults.request.json); a bad document fails the start. */
  faults?: MockFaultsRequest;
}

export interface RunningMock {
  url: string;
  port: number;
  /** The Basic credential it takes. */
  apiKey: string;
  close(): Promise<void>;
  store: MockStore;
  /** The fault plan in force; also set and read through /__mock/faults. */
  faults: FaultInjector;
  /** What GET /__mock/state answers, read in this process. */
  state(): MockState;
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? '127.0.0.1';
  const apiKey = options.apiKey ?? demo.apiKey;
  const refusal = basicAuth(apiKey);
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const mock = new MockInstance(options.responseCacheSize ?? 10_000);
  const { faults } = mock;
  if (options.faults) faults.set(options.faults);
  const routes = buildRoutes(mock);

  async function serve(req: IncomingMessage, route: Route): Promise<Reply> {
    const refused = route.auth ? refusal(req.headers.authorization) : undefined;
    if (refused)
      return errorReply(new MockError('INVALID_API_KEY', refused), route.pos, { 'WWW-Authenticate': 'Basic' });
    let body: unknown;
    if (route.readsBody) {
      if (!isJson(req.headers['content-type'])) {
        const error = new MockError('UNSUPPORTED_MEDIA_TYPE', 'send the body as Content-Type: application/json');
        return errorReply(error, route.pos);
      }
      const raw = await readBody(req, bodyLimit);
      if (raw === undefined) {
        const error = new MockError('PAYLOAD_TOO_LARGE', `the body is larger than ${bodyLimit} bytes`);
        // The rest of the body is never read, so the connection cannot be reused.
        return errorReply(error, route.pos, { Connection: 'close' });
      }
      // JSON must be UTF-8; decoding bad bytes to U+FFFD would silently store damaged text.
      if (!isUtf8(raw)) {
        return errorReply(new MockError('INVALID_JSON', 'the body is not valid UTF-8'), route.pos);
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        const detail = raw.length === 0 ? 'the body is empty' : (error as Error).message;
        return errorReply(new MockError('INVALID_JSON', `the body is not JSON: ${detail}`), route.pos);
      }
    }
    return route.handle(body, Date.now());
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const methods = routes.get(path);
    if (!methods) return send(res, errorReply(new MockError('NOT_FOUND', `no route ${path}`), false));
    const route = methods.get(req.method ?? '');
    if (!route) {
      const allow = [...methods.keys()].join(', ');
      const error = new MockError('METHOD_NOT_ALLOWED', `${path} answers ${allow}, not ${req.method}`);
      return send(res, errorReply(error, methods.values().next().value?.pos ?? false, { Allow: allow }));
    }
    const served =
      route.operationId !== undefined && faults.engaged
        ? faults.serve(req, res, route as Route & { operationId: string }, path, (r) => serve(req, r))
        : serve(req, route).then((reply) => send(res, reply));
    served.catch((error: unknown) => {
      logError(`mock: internal error on ${req.method} ${path}`, error);
      if (res.headersSent || res.destroyed) return res.destroy();
      send(res, errorReply(new MockError('INTERNAL_SERVER_ERROR', 'the mock failed; see its log'), route.pos));
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    apiKey,
    store: mock.store,
    faults,
    state: () => mock.state(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
