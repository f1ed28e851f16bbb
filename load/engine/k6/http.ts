import { currentCtx } from '../context.ts';
import { parseDuration } from '../duration.ts';
import type { Exchange, ResponseType } from '../http/client.ts';
import { INVALID_URL_CODE } from '../http/errors.ts';
import { Response, type Timings } from '../http/response.ts';
import { copyTags, type Tags } from '../metrics/registry.ts';
import type { Runtime } from '../runtime.ts';

const URL_RE = /^(https?:\/\/[^/?#]+)([^#]*)/i;

interface Params {
  headers?: Record<string, string>;
  tags?: Tags;
  timeout?: string | number;
  responseType?: ResponseType;
  responseCallback?: ResponseCallback | null;
}

type StatusRange = number | { min: number; max: number };
/** What http.expectedStatuses returns; opaque to scripts, as in k6. */
export interface ResponseCallback {
  readonly expected: (status: number) => boolean;
}

function encodeBody(body: unknown, headers: Record<string, string>): string | Uint8Array | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
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

export function httpModule(rt: Runtime) {
  const reg = rt.registry;
  const m = rt.m;

  function errorResponse(url: string, method: string, message: string, code: number): Response {
    const zero = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
    const res = new Response(url, zero, { method, url, headers: {}, body: null });
    res.error = message;
    res.error_code = code;
    return res;
  }

  async function asyncRequest(method: string, url: unknown, body?: unknown, params?: Params | null): Promise<Response> {
    const ctx = currentCtx();
    if (!ctx || rt.http === null) throw new Error('making HTTP requests in the init context is not supported');
    const urlStr = String(url);
    const verb = String(method).toUpperCase();
    const parts = URL_RE.exec(urlStr);
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
    const payload = encodeBody(body, headers);
    const responseType: ResponseType = params?.responseType ?? (rt.discardResponseBodies ? 'none' : 'text');
    const rawPath = parts[2] as string;
    const ex = await rt.http.send({
      method: verb,
      origin: parts[1] as string,
      path: rawPath === '' ? '/' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`,
      headers,
      body: payload,
      timeoutMs: params?.timeout === undefined ? rt.defaultTimeoutMs : parseDuration(params.timeout, 'timeout'),
      responseType,
    });

    const timings = timingsOf(ex);
    const res = new Response(urlStr, timings, {
      method: verb,
      url: urlStr,
      headers,
      body: typeof body === 'string' ? body : null,
    });
    res.status = ex.status;
    res.status_text = ex.status === 0 ? '' : `${ex.status} ${ex.statusText}`;
    res.body = bodyOf(ex, responseType);
    if (ex.rawHeaders) res.setRawHeaders(ex.rawHeaders);

    const tags = copyTags(ctx.tags);
    tags.method = verb;
    tags.url = urlStr;
    tags.name = urlStr;
    tags.status = String(ex.status);
    tags.proto = 'HTTP/1.1';
    if (ex.errorCode !== 0) {
      res.error = ex.errorMessage;
      res.error_code = ex.errorCode;
      tags.error = ex.errorMessage;
      tags.error_code = String(ex.errorCode);
      rt.httpErrors.add(ex.errorCode, ex.errorMessage);
    } else if (ex.status >= 400) {
      res.error_code = 1000 + ex.status;
      tags.error_code = String(res.error_code);
      rt.httpErrors.add(res.error_code, res.status_text);
    }
    if (params?.tags) for (const k in params.tags) tags[k] = params.tags[k] as string;
    const cb =
      params?.responseCallback === undefined ? rt.responseCallback : (params.responseCallback?.expected ?? null);
    const expected = cb === null ? null : ex.status !== 0 && cb(ex.status);
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
    rt.responseCallback = cb === null ? null : cb.expected;
  }

  const api = { asyncRequest, expectedStatuses, setResponseCallback };
  return { ...api, default: api };
}
