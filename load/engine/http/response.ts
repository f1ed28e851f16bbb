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

  constructor(
    readonly url: string,
    readonly timings: Timings,
    readonly request: RequestInfo,
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

  /** Parses the body as JSON; an optional selector walks dotted paths like `items.0.id`. */
  json(selector?: string): unknown {
    if (!this.jsonDone) {
      if (typeof this.body !== 'string') {
        throw new Error(this.body === null ? 'cannot parse json from a null body' : 'json() needs a text body');
      }
      this.parsedJson = JSON.parse(this.body);
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
