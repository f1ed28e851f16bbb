// A lean keep-alive HTTP/1.1 client: one write per request (head and body in one Buffer), responses parsed
// straight off the socket's chunks. It replaced undici's dispatch, whose Request objects, two-chunk corked writes
// and socket reuse on the next event-loop turn cost more CPU per request than the rest of the engine.
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
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

type K6Error = Error & { code?: string; k6?: { code: number; message: string } };

/** A peer closing mid-exchange: Go's EOF in k6, a generic 1000. */
const eof = (): K6Error => Object.assign(new Error('EOF'), { k6: { code: 1000, message: 'EOF' } });

/** One request in flight and its k6 timing phases. */
export class Exchange {
  tStart = performance.now();
  tConnect = 0;
  tSent = 0;
  tFirstByte = 0;
  tEnd = 0;
  connectingMs = 0;
  /** Head and body bytes written. */
  sentBytes = 0;
  receivedBytes = 0;
  status = 0;
  statusText = '';
  /** Header names and values, alternating, as received. */
  rawHeaders: string[] | null = null;
  chunks: Buffer[] | null;
  errorCode = 0;
  errorMessage = '';
  deadline: number;
  /** Set while the request is on a connection. */
  conn: Conn | null = null;
  done = false;
  private resolve!: (ex: Exchange) => void;
  readonly promise: Promise<Exchange>;

  constructor(
    timeoutMs: number,
    keepBody: boolean,
    readonly wire: Buffer,
    readonly isHead: boolean,
    private readonly owner: HttpClient,
  ) {
    this.deadline = this.tStart + timeoutMs;
    this.chunks = keepBody ? [] : null;
    this.promise = new Promise((r) => {
      this.resolve = r;
    });
  }

  /** Called by the timeout sweep. */
  timeout(): void {
    if (this.done) return;
    const conn = this.conn;
    this.finish(Object.assign(new Error(REQUEST_TIMEOUT.message), { k6: REQUEST_TIMEOUT }));
    conn?.destroy();
  }

  finish(err: K6Error | null): void {
    if (this.done) return;
    this.done = true;
    this.conn = null;
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

enum Body {
  /** A 1xx: the real answer follows on the same connection. */
  Informational,
  None,
  Length,
  Chunked,
  UntilClose,
}

enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilClose,
}

const LF = 0x0a;
const HEAD_LIMIT = 64 * 1024;
const STATUS_RE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;

/** One socket to an origin, carrying one exchange at a time. */
class Conn {
  ex: Exchange | null = null;
  /** performance.now() after which an idle connection is no longer trusted (the server's keep-alive hint). */
  idleUntil = 0;
  private connectMs = -1;
  private state = State.Head;
  private pending: Buffer | null = null;
  private left = 0;
  private keepAlive = true;
  private idleMs = 0;

  constructor(
    readonly pool: Pool,
    readonly socket: Socket,
    t0: number,
    secure: boolean,
  ) {
    socket.setNoDelay(true);
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      this.connectMs = performance.now() - t0;
      pool.ready(this);
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(eof()));
  }

  get connected(): boolean {
    return this.connectMs >= 0;
  }

  send(ex: Exchange): void {
    this.ex = ex;
    ex.conn = this;
    ex.tConnect = performance.now();
    if (this.connectMs > 0) {
      // Only the first request on a fresh connection pays for its connect.
      ex.connectingMs = this.connectMs;
      this.connectMs = 0;
    }
    this.state = State.Head;
    this.keepAlive = true;
    this.idleMs = 0;
    this.socket.write(ex.wire);
    ex.sentBytes = ex.wire.length;
    ex.tSent = performance.now();
  }

  destroy(): void {
    this.ex = null;
    this.socket.destroy();
  }

  private fail(err: K6Error): void {
    const ex = this.ex;
    this.ex = null;
    this.pool.drop(this, err);
    if (ex !== null) ex.finish(err);
  }

  private onEnd(): void {
    if (this.ex !== null && this.state === State.UntilClose) this.complete(false);
    this.fail(eof());
  }

  private onData(chunk: Buffer): void {
    const ex = this.ex;
    if (ex === null) {
      // Nothing asked for this: the connection can no longer be trusted.
      this.destroy();
      return;
    }
    if (ex.tFirstByte === 0) ex.tFirstByte = performance.now();
    ex.receivedBytes += chunk.length;
    let buf = chunk;
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let at = 0;
    while (at < buf.length && this.ex === ex) {
      switch (this.state) {
        case State.Head: {
          const end = buf.indexOf('\r\n\r\n', at, 'latin1');
          if (end < 0) {
            if (buf.length - at > HEAD_LIMIT) {
              this.protocolError('response head too large');
              return;
            }
            this.pending = buf.subarray(at);
            return;
          }
          const body = this.head(ex, buf.toString('latin1', at, end));
          at = end + 4;
          if (body === null) return;
          if (body === Body.None) this.complete(at === buf.length);
          break;
        }
        case State.Length: {
          const n = Math.min(this.left, buf.length - at);
          ex.chunks?.push(buf.subarray(at, at + n));
          at += n;
          this.left -= n;
          if (this.left === 0) this.complete(at === buf.length);
          break;
        }
        case State.UntilClose:
          ex.chunks?.push(at === 0 ? buf : buf.subarray(at));
          at = buf.length;
          break;
        case State.ChunkSize:
        case State.ChunkEnd:
        case State.Trailers: {
          const nl = buf.indexOf(LF, at);
          if (nl < 0) {
            if (buf.length - at > HEAD_LIMIT) {
              this.protocolError('chunk line too long');
              return;
            }
            this.pending = buf.subarray(at);
            return;
          }
          const line = buf.toString('latin1', at, nl).trimEnd();
          at = nl + 1;
          if (this.state === State.ChunkEnd) {
            if (line !== '') {
              this.protocolError('bad chunk end');
              return;
            }
            this.state = State.ChunkSize;
          } else if (this.state === State.Trailers) {
            if (line === '') this.complete(at === buf.length);
          } else {
            const size = Number.parseInt(line, 16);
            if (!(size >= 0)) {
              this.protocolError('bad chunk size');
              return;
            }
            if (size === 0) this.state = State.Trailers;
            else {
              this.left = size;
              this.state = State.ChunkData;
            }
          }
          break;
        }
        case State.ChunkData: {
          const n = Math.min(this.left, buf.length - at);
          ex.chunks?.push(buf.subarray(at, at + n));
          at += n;
          this.left -= n;
          if (this.left === 0) this.state = State.ChunkEnd;
          break;
        }
      }
    }
  }

  /** Parses a response head; returns how its body is framed, or null when the connection failed. */
  private head(ex: Exchange, text: string): Body | null {
    const lines = text.split('\r\n');
    const status = STATUS_RE.exec(lines[0] as string);
    if (status === null) {
      this.protocolError('malformed status line');
      return null;
    }
    const code = Number(status[2]);
    if (code < 200) return Body.Informational;
    const raw: string[] = [];
    let length = -1;
    let chunked = false;
    this.keepAlive = status[1] === '1';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      raw.push(name, value);
      switch (name.length) {
        case 10:
          if (name.toLowerCase() === 'connection') {
            const v = value.toLowerCase();
            if (v.includes('close')) this.keepAlive = false;
            else if (v.includes('keep-alive')) this.keepAlive = true;
          } else if (name.toLowerCase() === 'keep-alive') {
            const m = /timeout=(\d+)/i.exec(value);
            if (m) this.idleMs = Number(m[1]) * 1000;
          }
          break;
        case 14:
          if (name.toLowerCase() === 'content-length') length = Number(value);
          break;
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') chunked = /chunked\s*$/i.test(value);
          break;
      }
    }
    ex.status = code;
    ex.statusText = status[3] ?? '';
    ex.rawHeaders = raw;
    if (ex.isHead || code === 204 || code === 304) return Body.None;
    if (chunked) {
      this.state = State.ChunkSize;
      return Body.Chunked;
    }
    if (length >= 0) {
      if (!Number.isSafeInteger(length)) {
        this.protocolError('bad content-length');
        return null;
      }
      if (length === 0) return Body.None;
      this.left = length;
      this.state = State.Length;
      return Body.Length;
    }
    this.keepAlive = false;
    this.state = State.UntilClose;
    return Body.UntilClose;
  }

  private protocolError(message: string): void {
    const ex = this.ex;
    this.destroy();
    ex?.finish(new Error(message));
  }

  /** `clean`: nothing came after the answer (bytes past it mean the stream is out of step: not reusable). */
  private complete(clean: boolean): void {
    const ex = this.ex as Exchange;
    this.ex = null;
    ex.finish(null);
    if (!this.keepAlive || !clean) {
      this.destroy();
      return;
    }
    // As undici: trust an idle socket until 2 s before the server said it would close it; 60 s without a hint.
    const ttl = this.idleMs > 0 ? Math.min(this.idleMs - 2000, 600_000) : 60_000;
    if (ttl <= 0) {
      this.destroy();
      return;
    }
    this.idleUntil = performance.now() + ttl;
    this.pool.release(this);
  }
}

/** The connections to one origin, at most `max` of them; requests wait in `queue` for one. */
class Pool {
  private readonly idle: Conn[] = [];
  private readonly conns = new Set<Conn>();
  private readonly queue: Exchange[] = [];
  private readonly host: string;
  private readonly port: number;
  /** The Host header: host[:port] without any userinfo. */
  readonly authority: string;
  private readonly secure: boolean;

  constructor(
    origin: string,
    private readonly max: number,
    private readonly rejectUnauthorized: boolean,
  ) {
    const u = new URL(origin);
    this.secure = u.protocol === 'https:';
    this.host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = u.port === '' ? (this.secure ? 443 : 80) : Number(u.port);
    this.authority = u.host;
  }

  dispatch(ex: Exchange): void {
    const now = performance.now();
    for (let conn = this.idle.pop(); conn !== undefined; conn = this.idle.pop()) {
      if (conn.idleUntil > now && !conn.socket.destroyed) {
        conn.send(ex);
        return;
      }
      conn.destroy();
    }
    this.queue.push(ex);
    if (this.conns.size < this.max) this.open();
  }

  private open(): void {
    const t0 = performance.now();
    const socket = this.secure
      ? tlsConnect({
          host: this.host,
          port: this.port,
          servername: isIP(this.host) ? undefined : this.host,
          rejectUnauthorized: this.rejectUnauthorized,
          ALPNProtocols: ['http/1.1'],
        })
      : netConnect({ host: this.host, port: this.port });
    this.conns.add(new Conn(this, socket, t0, this.secure));
  }

  /** A connection is free: the next waiting request takes it, or it waits idle. */
  release(conn: Conn): void {
    const ex = this.next();
    if (ex) conn.send(ex);
    else this.idle.push(conn);
  }

  ready(conn: Conn): void {
    this.release(conn);
  }

  /** A connection is gone; one that never connected takes a waiting request down with it, as a failed dial. */
  drop(conn: Conn, err: K6Error): void {
    if (!this.conns.delete(conn)) return;
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
    if (!conn.connected) this.next()?.finish(err);
    if (this.queue.length > 0 && this.conns.size < this.max) this.open();
  }

  private next(): Exchange | undefined {
    for (let ex = this.queue.shift(); ex !== undefined; ex = this.queue.shift()) if (!ex.done) return ex;
    return undefined;
  }

  close(): void {
    for (const conn of this.conns) conn.destroy();
  }
}

const BAD_HEADER = /[\r\n\0]/;

/** The request's head and body as one Buffer; undici's headers: host, connection, content-length. */
function wireOf(req: Outgoing, host: string): Buffer {
  let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
  let hasHost = false;
  for (const k in req.headers) {
    const v = req.headers[k] as string;
    const lower = k.length === 4 || k.length === 14 ? k.toLowerCase() : '';
    if (lower === 'content-length') continue;
    if (lower === 'host') hasHost = true;
    if (BAD_HEADER.test(k) || BAD_HEADER.test(v)) throw new Error(`invalid header ${k}`);
    head += `${k}: ${v}\r\n`;
  }
  if (!hasHost) head += `host: ${host}\r\n`;
  const body = req.body;
  const bodyBytes = body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  if (body !== null || req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
    head += `content-length: ${bodyBytes}\r\n`;
  }
  head += 'connection: keep-alive\r\n\r\n';
  const buf = Buffer.allocUnsafe(head.length + bodyBytes);
  buf.write(head, 0, 'latin1');
  if (typeof body === 'string') buf.write(body, head.length, 'utf8');
  else if (body !== null) buf.set(body, head.length);
  return buf;
}

export interface ClientOptions {
  connections: number;
  insecureSkipTLSVerify?: boolean;
}

/** Keep-alive HTTP/1.1 client: one pool per origin, sized to the VU count. */
export class HttpClient {
  readonly inFlight = new Set<Exchange>();
  private readonly pools = new Map<string, Pool>();
  private readonly sweep: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly opts: ClientOptions) {
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
    let pool = this.pools.get(req.origin);
    let wire: Buffer;
    try {
      if (pool === undefined) {
        pool = new Pool(req.origin, Math.max(1, this.opts.connections), !this.opts.insecureSkipTLSVerify);
        this.pools.set(req.origin, pool);
      }
      wire = wireOf(req, pool.authority);
    } catch (err) {
      const ex = new Exchange(req.timeoutMs, false, Buffer.alloc(0), false, this);
      ex.finish(err as Error);
      return ex.promise;
    }
    const ex = new Exchange(req.timeoutMs, req.responseType !== 'none', wire, req.method === 'HEAD', this);
    this.inFlight.add(ex);
    pool.dispatch(ex);
    return ex.promise;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweep);
    for (const ex of this.inFlight) ex.timeout();
    for (const pool of this.pools.values()) pool.close();
    // A turn for the iterations whose requests just failed to settle (and be counted as interrupted).
    await new Promise((r) => setImmediate(r));
  }
}
