export interface Timings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
}

/** Go's http.CanonicalHeaderKey, as k6 exposes response header names. */
export function canonicalHeaderKey(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export interface ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  max_age: number;
  expires: number;
}

/** Parses Set-Cookie header values as k6's Response.cookies shows them (name → list). */
export function cookiesOf(setCookies: readonly string[]): Record<string, ResponseCookie[]> {
  const out: Record<string, ResponseCookie[]> = {};
  for (const line of setCookies) {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const c: ResponseCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      domain: '',
      path: '',
      http_only: false,
      secure: false,
      max_age: 0,
      expires: 0,
    };
    for (const a of attrs) {
      const i = a.indexOf('=');
      const k = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
      const v = i < 0 ? '' : a.slice(i + 1).trim();
      if (k === 'domain') c.domain = v;
      else if (k === 'path') c.path = v;
      else if (k === 'httponly') c.http_only = true;
      else if (k === 'secure') c.secure = true;
      else if (k === 'max-age') c.max_age = Number(v) || 0;
      else if (k === 'expires') c.expires = Date.parse(v) || 0;
    }
    const list = out[c.name] ?? [];
    list.push(c);
    out[c.name] = list;
  }
  return out;
}

/** k6's http.Response; headers are decoded only when read. */
export class Response {
  status = 0;
  status_text = '';
  proto = 'HTTP/1.1';
  body: string | ArrayBuffer | null = null;
  error = '';
  error_code = 0;
  remote_ip = '';
  remote_port = 0;
  private rawHeaders: Buffer[] | null = null;
  private parsedHeaders: Record<string, string> | null = null;
  private parsedJson: unknown;
  private jsonDone = false;
  private parsedCookies: Record<string, ResponseCookie[]> | null = null;

  constructor(
    public url: string,
    public timings: Timings,
    readonly request: RequestInfo,
    /** The VU realm's JSON.parse, so json() hands the script its own realm's objects. */
    private readonly parse: (text: string) => unknown = JSON.parse,
  ) {}

  setRawHeaders(raw: Buffer[]): void {
    this.rawHeaders = raw;
  }

  get headers(): Record<string, string> {
    if (this.parsedHeaders === null) {
      const out: Record<string, string> = {};
      const raw = this.rawHeaders ?? [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const key = canonicalHeaderKey((raw[i] as Buffer).toString('latin1'));
        const val = (raw[i + 1] as Buffer).toString('latin1');
        out[key] = key in out ? `${out[key]}, ${val}` : val;
      }
      this.parsedHeaders = out;
    }
    return this.parsedHeaders;
  }

  /** Set-Cookie values of this response (k6: res.cookies, name → [{name, value, domain, path, …}]). */
  get cookies(): Record<string, ResponseCookie[]> {
    if (this.parsedCookies === null) {
      const raw = this.rawHeaders ?? [];
      const lines: string[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        if ((raw[i] as Buffer).toString('latin1').toLowerCase() === 'set-cookie') {
          lines.push((raw[i + 1] as Buffer).toString('latin1'));
        }
      }
      this.parsedCookies = cookiesOf(lines);
    }
    return this.parsedCookies;
  }

  /** Parses the body as JSON; an optional selector walks dotted paths like `items.0.id`. */
  json(selector?: string): unknown {
    if (!this.jsonDone) {
      if (typeof this.body !== 'string') {
        throw new Error(this.body === null ? 'cannot parse json from a null body' : 'json() needs a text body');
      }
      this.parsedJson = this.parse(this.body);
      this.jsonDone = true;
    }
    if (selector === undefined) return this.parsedJson;
    let cur: unknown = this.parsedJson;
    for (const part of selector.split('.')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  }

  toJSON(): Record<string, unknown> {
    return {
      url: this.url,
      status: this.status,
      status_text: this.status_text,
      proto: this.proto,
      headers: this.headers,
      body: this.body,
      timings: this.timings,
      error: this.error,
      error_code: this.error_code,
    };
  }
}
