import { types } from 'node:util';
import { CookieJar } from 'tough-cookie';
import type { VU } from '../context.ts';
import { parseDurationMs } from '../duration.ts';
import type { Exchange, ResponseType } from '../http/client.ts';
import { INVALID_URL_CODE } from '../http/errors.ts';
import { Response, type Timings } from '../http/response.ts';
import { copyTags, type Tags } from '../metrics/registry.ts';
import type { Runtime } from '../runtime.ts';

const URL_RE = /^(https?:\/\/[^/?#]+)([^#]*)/i;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type RequestCookies = Record<string, string | { value?: unknown; replace?: unknown }>;

interface Params {
  headers?: Record<string, string>;
  tags?: Tags;
  timeout?: string | number;
  responseType?: ResponseType;
  responseCallback?: ResponseCallback | null;
  redirects?: number;
  cookies?: RequestCookies;
  jar?: K6CookieJar;
  throw?: boolean;
}

/** Params k6 v1.8.1 reads (js/modules/k6/http/request.go) that the engine does not implement: refused, not ignored. */
const UNSUPPORTED_PARAMS = ['compression', 'auth'];

type StatusRange = number | { min: number; max: number };
/** What http.expectedStatuses returns; opaque to scripts, as in k6. */
export interface ResponseCallback {
  readonly expected: (status: number) => boolean;
}

/** Go's cookiejar semantics (net/http/cookiejar with no public suffix list, as k6's cookiejar.New(nil)). */
function newJar(): CookieJar {
  return new CookieJar(undefined, { rejectPublicSuffixes: false, allowSecureOnLocal: false, looseMode: true });
}

/** k6's http.CookieJar object: a VU's jar, or one made with http.cookieJar() / new CookieJar(). */
export class K6CookieJar {
  jar: CookieJar | null = null;
  private ensure(): CookieJar {
    this.jar ??= newJar();
    return this.jar;
  }
  cookiesForURL(url: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const c of this.jar?.getCookiesSync(String(url)) ?? []) out[c.key] = [...(out[c.key] ?? []), c.value];
    return out;
  }
  set(url: string, name: string, value: string, opts?: Record<string, unknown>): void {
    const parts = [`${name}=${value}`];
    for (const [k, v] of Object.entries(opts ?? {})) {
      if (k === 'http_only' && v) parts.push('HttpOnly');
      else if (k === 'secure' && v) parts.push('Secure');
      else if (k === 'max_age') parts.push(`Max-Age=${v}`);
      else if (k === 'expires') parts.push(`Expires=${new Date(String(v)).toUTCString()}`);
      else if (k === 'domain' || k === 'path') parts.push(`${k}=${v}`);
    }
    this.ensure().setCookieSync(parts.join('; '), String(url), { ignoreError: true });
  }
  clear(url: string): void {
    const j = this.jar;
    if (!j) return;
    for (const c of j.getCookiesSync(String(url))) {
      j.store.removeCookie(c.domain ?? '', c.path ?? '/', c.key, () => undefined);
    }
  }
  delete(url: string, name: string): void {
    const j = this.jar;
    if (!j) return;
    for (const c of j.getCookiesSync(String(url))) {
      if (c.key === name) j.store.removeCookie(c.domain ?? '', c.path ?? '/', c.key, () => undefined);
    }
  }
  /** Stores the Set-Cookie lines of a response to `url`. */
  store(url: string, lines: readonly string[]): void {
    const j = this.ensure();
    for (const line of lines) j.setCookieSync(line, url, { ignoreError: true });
  }
  header(url: string): string {
    return this.jar ? this.jar.getCookieStringSync(url) : '';
  }
}

function encodeBody(body: unknown, headers: Record<string, string>): string | Uint8Array | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  // Bodies come from the VU's realm: instanceof the engine's ArrayBuffer would miss them.
  if (types.isArrayBuffer(body)) return new Uint8Array(body as ArrayBuffer);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'object') {
    // k6 sends plain objects as a urlencoded form.
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    return new URLSearchParams(body as Record<string, string>).toString();
  }
  return String(body);
}

function timingsOf(ex: Exchange): Timings {
  const toConnect = ex.tConnect - ex.tStart;
  const connecting = Math.min(ex.connectingMs, toConnect);
  const sending = ex.tSent - ex.tConnect;
  const waiting = ex.tFirstByte - ex.tSent;
  const receiving = ex.tEnd - ex.tFirstByte;
  return {
    blocked: toConnect - connecting,
    connecting,
    tls_handshaking: 0,
    sending,
    waiting,
    receiving,
    duration: sending + waiting + receiving,
  };
}

function bodyOf(ex: Exchange, type: ResponseType): string | ArrayBuffer | null {
  const chunks = ex.chunks;
  if (chunks === null || ex.status === 0) return null;
  const buf = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  if (type === 'binary') return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return buf.toString('utf8');
}

/** The values of one response header (lower-case `name`), from undici's raw [name, value, …] list. */
function headerValues(raw: Buffer[] | null, name: string): string[] {
  const out: string[] = [];
  if (raw === null) return out;
  const first = name.charCodeAt(0);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] as Buffer;
    // name is lower-case ASCII: compare the first byte case-free before decoding.
    if (
      k.length === name.length &&
      ((k[0] as number) | 0x20) === first &&
      k.toString('latin1').toLowerCase() === name
    ) {
      out.push((raw[i + 1] as Buffer).toString('latin1'));
    }
  }
  return out;
}

const hostOf = (origin: string) => origin.replace(/^https?:\/\//i, '').toLowerCase();

/** Go's http.Client drops these on a redirect to another host (net/http client.go shouldCopyHeaderOnRedirect). */
function sensitiveHeader(name: string): boolean {
  const k = name.toLowerCase();
  return k === 'authorization' || k === 'www-authenticate' || k === 'cookie' || k === 'cookie2';
}

/** The `k6/http` module of one VU; `vuPromise` is the VU realm's Promise, so its `await`s take V8's fast path. */
export function httpModule(rt: Runtime, vu: VU, vuJSON: JSON = JSON, vuPromise: PromiseConstructor = Promise) {
  const reg = rt.registry;
  const m = rt.m;
  const parse = vuJSON.parse;
  /** This VU's cookie jar; k6 replaces it at each iteration's start unless noCookiesReset (runner.go runFn). */
  const vuJar = new K6CookieJar();
  let jarIteration = -1;
  let responseCallback: ((status: number) => boolean) | null = rt.responseCallback;

  function activeJar(): K6CookieJar {
    if (!rt.noCookiesReset && jarIteration !== vu.iterationInInstance) {
      jarIteration = vu.iterationInInstance;
      vuJar.jar = null;
    }
    return vuJar;
  }

  function errorResponse(url: string, method: string, message: string, code: number): Response {
    const zero = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
    const res = new Response(url, zero, { method, url, headers: {}, body: null }, parse);
    res.error = message;
    res.error_code = code;
    return res;
  }

  /** One hop's response and samples, as k6's tracer transport emits them for every request of a redirect chain. */
  function record(
    ex: Exchange,
    verb: string,
    urlStr: string,
    headers: Record<string, string>,
    payload: string | Uint8Array | null,
    body: unknown,
    p: Params | null | undefined,
    responseType: ResponseType,
  ): Response {
    vu.assertLive();
    const timings = timingsOf(ex);
    const res = new Response(
      urlStr,
      timings,
      { method: verb, url: urlStr, headers, body: typeof body === 'string' ? body : null },
      parse,
    );
    res.status = ex.status;
    res.status_text = ex.status === 0 ? '' : `${ex.status} ${ex.statusText}`;
    res.body = bodyOf(ex, responseType);
    if (ex.rawHeaders) res.setRawHeaders(ex.rawHeaders);

    const ctx = vu.iter;
    const tags = copyTags(ctx ? ctx.tags : rt.globalTags);
    tags.method = verb;
    if (p?.tags) for (const k in p.tags) tags[k] = p.tags[k] as string;
    // k6 ≥ v0.41: without a name tag, name and url are the URL; with one, url takes the name too.
    if (tags.name === undefined) tags.name = urlStr;
    tags.url = tags.name;
    if (ex.errorCode !== 0) {
      res.error = ex.errorMessage;
      res.error_code = ex.errorCode;
      tags.error = ex.errorMessage;
      tags.error_code = String(ex.errorCode);
      tags.status = '0';
      rt.httpErrors.add(ex.errorCode, ex.errorMessage);
    } else {
      tags.status = String(ex.status);
      if (ex.status >= 400) {
        res.error_code = 1000 + ex.status;
        tags.error_code = String(res.error_code);
        rt.httpErrors.add(res.error_code, res.status_text);
      }
      tags.proto = 'HTTP/1.1';
    }
    const cb = p?.responseCallback === undefined ? responseCallback : (p.responseCallback?.expected ?? null);
    const expected = cb === null ? null : cb(ex.errorCode !== 0 ? 0 : ex.status);
    if (expected !== null) tags.expected_response = expected ? 'true' : 'false';

    reg.add(m.http_reqs, 1, tags);
    reg.add(m.http_req_duration, timings.duration, tags);
    reg.add(m.http_req_blocked, timings.blocked, tags);
    reg.add(m.http_req_connecting, timings.connecting, tags);
    reg.add(m.http_req_tls_handshaking, 0, tags);
    reg.add(m.http_req_sending, timings.sending, tags);
    reg.add(m.http_req_waiting, timings.waiting, tags);
    reg.add(m.http_req_receiving, timings.receiving, tags);
    if (expected !== null) reg.add(m.http_req_failed, expected ? 0 : 1, tags);
    const bodyBytes =
      payload === null ? 0 : typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
    reg.add(m.data_sent, ex.sentBytes + bodyBytes, tags);
    reg.add(m.data_received, ex.receivedBytes, tags);
    return res;
  }

  function asyncRequest(method: string, url: unknown, body?: unknown, params?: Params | null): Promise<Response> {
    return new vuPromise<Response>((resolve, reject) => {
      vu.assertLive();
      if (!vu.iter || rt.http === null) throw new Error('making HTTP requests in the init context is not supported');
      if (params) {
        for (const key of UNSUPPORTED_PARAMS) {
          if ((params as Record<string, unknown>)[key] !== undefined) {
            throw new Error(`http request param "${key}" is not supported by the embedded engine`);
          }
        }
      }
      vu.enter();
      request(method, url, body, params).then(
        (res) => {
          vu.leave();
          resolve(res);
        },
        (err) => {
          vu.leave();
          reject(err);
        },
      );
    });
  }

  async function request(method: string, url: unknown, body: unknown, params?: Params | null): Promise<Response> {
    let urlStr = String(url);
    let verb = String(method).toUpperCase();
    let parts = URL_RE.exec(urlStr);
    if (!parts) return errorResponse(urlStr, verb, `invalid URL "${urlStr}"`, INVALID_URL_CODE);
    const headers: Record<string, string> = {};
    let hasUA = false;
    if (params?.headers) {
      for (const k in params.headers) {
        headers[k] = String(params.headers[k]);
        if (!hasUA && k.length === 10 && k.toLowerCase() === 'user-agent') hasUA = true;
      }
    }
    if (!hasUA && rt.userAgent) headers['user-agent'] = rt.userAgent;
    let payload = encodeBody(body, headers);
    const responseType: ResponseType = params?.responseType ?? (rt.discardResponseBodies ? 'none' : 'text');
    const timeoutMs = params?.timeout === undefined ? rt.defaultTimeoutMs : parseDurationMs(params.timeout, 'timeout');
    const redirectsExplicit = params?.redirects !== undefined;
    const maxRedirects = redirectsExplicit ? Math.trunc(Number(params?.redirects)) : rt.maxRedirects;
    const jar = params?.jar instanceof K6CookieJar ? params.jar : activeJar();
    const requestCookies = cookieParams(params?.cookies);
    const shouldThrow = params?.throw ?? rt.throwOnError;
    const firstUrl = urlStr;

    for (let via = 0; ; via++) {
      const origin = parts[1] as string;
      const rawPath = parts[2] as string;
      const path = rawPath === '' ? '/' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
      const cookieHeader = mergeCookies(requestCookies, jar.header(urlStr));
      const sent = cookieHeader === '' ? headers : { ...headers, cookie: cookieHeader };
      const http = rt.http;
      if (http === null) throw new Error('making HTTP requests in the init context is not supported');
      const ex = await http.send({ method: verb, origin, path, headers: sent, body: payload, timeoutMs, responseType });
      const res = record(ex, verb, urlStr, sent, payload, body, params, responseType);
      const raw = ex.rawHeaders;
      if (res.error_code !== 0 && res.status === 0) {
        if (shouldThrow) throw new Error(res.error);
        return res;
      }
      const setCookies = headerValues(raw, 'set-cookie');
      if (setCookies.length > 0) jar.store(urlStr, setCookies);
      const location = REDIRECT_STATUSES.has(res.status) ? headerValues(raw, 'location')[0] : undefined;
      if (location === undefined) return res;
      if (via + 1 > maxRedirects) {
        if (!redirectsExplicit) {
          rt.log(
            `WARN Stopped after ${via + 1} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this url=${firstUrl}`,
          );
        }
        return res;
      }
      let next: URL;
      try {
        next = new URL(location, urlStr);
      } catch {
        return res;
      }
      // Go's http.Client: 301/302/303 turn into a GET without a body (HEAD stays HEAD); 307/308 resend as they were.
      if (res.status <= 303 && verb !== 'GET' && verb !== 'HEAD') {
        verb = 'GET';
        payload = null;
        for (const k of Object.keys(headers)) {
          if (k.toLowerCase() === 'content-type' || k.toLowerCase() === 'content-length') delete headers[k];
        }
      }
      const sameHost = hostOf(next.origin) === hostOf(origin);
      if (!sameHost) for (const k of Object.keys(headers)) if (sensitiveHeader(k)) delete headers[k];
      urlStr = next.href;
      parts = URL_RE.exec(urlStr);
      if (!parts) return res;
    }
  }

  function cookieParams(c: RequestCookies | undefined): { pairs: string[]; replaced: Set<string> } | null {
    if (!c) return null;
    const pairs: string[] = [];
    const replaced = new Set<string>();
    for (const [name, v] of Object.entries(c)) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'object') {
        pairs.push(`${name}=${String(v.value ?? '')}`);
        if (v.replace) replaced.add(name);
      } else pairs.push(`${name}=${String(v)}`);
    }
    return { pairs, replaced };
  }

  /** k6's SetRequestCookies: the params' cookies, then the jar's, except those a param replaces. */
  function mergeCookies(req: ReturnType<typeof cookieParams>, fromJar: string): string {
    if (req === null) return fromJar;
    const jarPairs = fromJar === '' ? [] : fromJar.split('; ');
    const kept = jarPairs.filter((p) => !req.replaced.has(p.slice(0, p.indexOf('='))));
    return [...req.pairs, ...kept].join('; ');
  }

  function expectedStatuses(...ranges: StatusRange[]): ResponseCallback {
    for (const r of ranges) {
      const ok = typeof r === 'number' ? Number.isInteger(r) : Number.isInteger(r?.min) && Number.isInteger(r?.max);
      if (!ok) throw new Error('expectedStatuses takes integers or {min, max} objects');
    }
    return {
      expected: (s) => ranges.some((r) => (typeof r === 'number' ? s === r : s >= r.min && s <= r.max)),
    };
  }

  function setResponseCallback(cb: ResponseCallback | null): void {
    responseCallback = cb === null ? null : cb.expected;
  }

  /** The VU's active jar (k6: http.cookieJar()). */
  function cookieJar(): K6CookieJar {
    return activeJar();
  }

  const api = { asyncRequest, expectedStatuses, setResponseCallback, cookieJar, CookieJar: K6CookieJar };
  return { ...api, default: api };
}
