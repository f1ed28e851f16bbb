import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
// undici's files one by one, as client/node-transport.ts loads them: its index costs every engine 0.1 s of CPU.
import buildConnector from 'undici/lib/core/connect.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import { k6ErrorFor, REQUEST_TIMEOUT } from './errors.ts';

export type ResponseType = 'text' | 'binary' | 'none';

export interface Outgoing {
  method: string;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  timeoutMs: number;
  responseType: ResponseType;
}

const CONNECT_MS = Symbol('connectMs');
type TimedSocket = Socket & { [CONNECT_MS]?: number };

/** The exchange written most recently; sendHeaders fires synchronously right after its onConnect. */
let writing: Exchange | null = null;

diagnostics.subscribe('undici:client:sendHeaders', (msg) => {
  const { headers, socket } = msg as { headers: string; socket: TimedSocket };
  const ex = writing;
  writing = null;
  if (ex === null) return;
  ex.sentBytes += headers.length + 2;
  const ms = socket[CONNECT_MS];
  if (ms !== undefined) {
    // Only the first request on a fresh connection pays for its connect.
    ex.connectingMs = ms;
    socket[CONNECT_MS] = undefined;
  }
});

/** One request in flight: an undici dispatch handler that records k6's timing phases. */
export class Exchange implements Dispatcher.DispatchHandler {
  tStart = performance.now();
  tConnect = 0;
  tSent = 0;
  tFirstByte = 0;
  tEnd = 0;
  connectingMs = 0;
  sentBytes = 0;
  receivedBytes = 0;
  status = 0;
  statusText = '';
  rawHeaders: Buffer[] | null = null;
  chunks: Buffer[] | null;
  errorCode = 0;
  errorMessage = '';
  deadline: number;
  private abortFn: ((err?: Error) => void) | null = null;
  private done = false;
  private resolve!: (ex: Exchange) => void;
  readonly promise: Promise<Exchange>;

  constructor(
    timeoutMs: number,
    keepBody: boolean,
    private readonly owner: HttpClient,
  ) {
    this.deadline = this.tStart + timeoutMs;
    this.chunks = keepBody ? [] : null;
    this.promise = new Promise((r) => {
      this.resolve = r;
    });
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.done) {
      // Timed out while queued for a connection: never send it.
      abort(new Error(REQUEST_TIMEOUT.message));
      return;
    }
    this.tConnect = performance.now();
    this.abortFn = abort;
    writing = this;
  }

  onRequestSent(): void {
    this.tSent = performance.now();
  }

  onResponseStarted(): void {
    this.tFirstByte = performance.now();
  }

  onHeaders(statusCode: number, headers: Buffer[], _resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx informational, the real one follows
    this.status = statusCode;
    this.statusText = statusText;
    this.rawHeaders = headers;
    let n = statusText.length + 15;
    for (let i = 0; i < headers.length; i++) n += (headers[i] as Buffer).length + 2;
    this.receivedBytes += n;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.receivedBytes += chunk.length;
    if (this.chunks !== null) this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.finish(null);
  }

  onError(err: Error): void {
    this.finish(err);
  }

  /** Called by the timeout sweep. */
  timeout(): void {
    if (this.done) return;
    const err = Object.assign(new Error(REQUEST_TIMEOUT.message), { k6: REQUEST_TIMEOUT });
    if (this.abortFn) this.abortFn(err);
    this.finish(err);
  }

  private finish(err: (Error & { k6?: { code: number; message: string } }) | null): void {
    if (this.done) return;
    this.done = true;
    this.tEnd = performance.now();
    if (this.tConnect === 0) this.tConnect = this.tEnd;
    if (this.tSent === 0) this.tSent = this.tConnect;
    if (this.tFirstByte === 0) this.tFirstByte = this.tEnd;
    if (err !== null) {
      const k = err.k6 ?? k6ErrorFor(err);
      this.errorCode = k.code;
      this.errorMessage = k.message;
      this.status = 0;
    }
    this.owner.inFlight.delete(this);
    this.resolve(this);
  }
}

export interface ClientOptions {
  connections: number;
  insecureSkipTLSVerify?: boolean;
}

/** Keep-alive HTTP/1.1 client on undici: one pool per origin, sized to the VU count. */
export class HttpClient {
  readonly inFlight = new Set<Exchange>();
  private readonly agent: Agent;
  private readonly sweep: NodeJS.Timeout;
  private closed = false;

  constructor(opts: ClientOptions) {
    const connect = buildConnector({ rejectUnauthorized: !opts.insecureSkipTLSVerify });
    const timedConnect: buildConnector.connector = (options, callback) => {
      const t0 = performance.now();
      return connect(options, (err, socket) => {
        if (socket) (socket as TimedSocket)[CONNECT_MS] = performance.now() - t0;
        // biome-ignore lint/suspicious/noExplicitAny: undici's callback overloads
        (callback as any)(err, socket);
      });
    };
    this.agent = new Agent({
      connections: Math.max(1, opts.connections),
      pipelining: 1,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: timedConnect,
    });
    // One sweep for all request timeouts is cheaper than a timer per request.
    this.sweep = setInterval(() => {
      const now = performance.now();
      for (const ex of this.inFlight) if (now >= ex.deadline) ex.timeout();
    }, 10);
    this.sweep.unref();
  }

  send(req: Outgoing): Promise<Exchange> {
    // Interrupted iterations may outlive the run; their requests never finish, so none can spin.
    if (this.closed) return new Promise(() => undefined);
    const ex = new Exchange(req.timeoutMs, req.responseType !== 'none', this);
    this.inFlight.add(ex);
    try {
      this.agent.dispatch(
        {
          origin: req.origin,
          path: req.path,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
        },
        ex,
      );
    } catch (err) {
      ex.onError(err as Error);
    }
    return ex.promise;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweep);
    for (const ex of this.inFlight) ex.timeout();
    await this.agent.destroy().catch(() => undefined);
  }
}
