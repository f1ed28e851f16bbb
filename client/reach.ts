// Reachability first: one request to a target before a command's real work, so a dead target, a wrong host, a bad
// certificate or a firewall answers in seconds, in one line, instead of after minutes of retries. Any HTTP answer,
// whatever its status, counts as reachable. Node only; every command that talks to a target uses it.
import http from 'node:http';
import https from 'node:https';
import { type Cause, causeHint, causeText, type NetworkKind, networkKind } from './causes.ts';
import { ConfigError } from './config.ts';

/** Default seconds to wait for an answer; every command's --connect-timeout overrides it. */
export const defaultConnectTimeoutS = 5;

export type Reachability =
  | { ok: true; url: string; status: number }
  | { ok: false; url: string; kind: NetworkKind; code?: string; message: string };

export interface ProbeOptions {
  timeoutMs?: number;
  /** For tests: a resolver in place of the system's. */
  lookup?: http.RequestOptions['lookup'];
}

/** The URL as printed: no credentials, no query. */
export function shownUrl(target: string): string {
  try {
    const url = new URL(target);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return target;
  }
}

interface NodeError extends Error {
  code?: string;
}

/** GET `target` (headers only) and report whether anything answered, or how it failed. */
export function probe(target: string, options: ProbeOptions = {}): Promise<Reachability> {
  const timeoutMs = options.timeoutMs ?? defaultConnectTimeoutS * 1000;
  const url = shownUrl(target);
  return new Promise((resolve) => {
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      resolve({ ok: false, url, kind: 'network', message: `not a URL: "${target}"` });
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (!client) {
      resolve({ ok: false, url, kind: 'network', message: `not an http(s) URL: "${url}"` });
      return;
    }
    let settled = false;
    const done = (result: Reachability) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = client.request(
      parsed,
      {
        method: 'GET',
        headers: { Accept: 'application/json', Connection: 'close', 'User-Agent': 'sessionm-offers-suite probe' },
        agent: false,
        ...(options.lookup ? { lookup: options.lookup } : {}),
      },
      (response) => {
        response.resume();
        done({ ok: true, url, status: response.statusCode ?? 0 });
      },
    );
    const timer = setTimeout(
      () => done({ ok: false, url, kind: 'timeout', message: `no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    request.on('error', (error: NodeError) => {
      const kind = networkKind(error.code ?? error.message);
      done({ ok: false, url, kind, ...(error.code ? { code: error.code } : {}), message: error.message });
    });
    request.end();
  });
}

/**
 * One line naming the URL, what happened and what to check, e.g.
 * `cannot reach the POS API at http://127.0.0.1:59999: connection refused (ECONNREFUSED): nothing listens there: …`.
 */
export function unreachableLine(result: Extract<Reachability, { ok: false }>, what = 'the target'): string {
  const cause: Cause = { kind: result.kind };
  const code = result.code ? ` (${result.code})` : '';
  const words = result.kind === 'timeout' ? result.message : `${causeText(cause)}${code}`;
  const hint =
    result.kind === 'timeout'
      ? `${causeHint(cause).replace(/, or raise the timeout$/, '')}, or raise --connect-timeout`
      : result.kind === 'network'
        ? `${result.message}: ${causeHint(cause)}`
        : causeHint(cause);
  return `cannot reach ${what} at ${result.url}: ${words}: ${hint}`;
}

export interface ReachTarget {
  url: string;
  /** e.g. "the Offers API", "the Pact Broker (PACT_BROKER_BASE_URL)". */
  what: string;
}

/** Probes each distinct URL at once; resolves with one line per unreachable one (empty: all answered). */
export async function unreachable(targets: ReachTarget[], options: ProbeOptions = {}): Promise<string[]> {
  const distinct = targets.filter((t, i) => targets.findIndex((o) => o.url === t.url) === i);
  const results = await Promise.all(distinct.map(async (t) => ({ t, result: await probe(t.url, options) })));
  return results.flatMap(({ t, result }) => (result.ok ? [] : [unreachableLine(result, t.what)]));
}

/** `--connect-timeout SECONDS` → milliseconds; throws with a message naming the flag. */
export function connectTimeoutMs(text: string | undefined): number {
  if (text === undefined) return defaultConnectTimeoutS * 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ConfigError(`--connect-timeout must be seconds above 0, got "${text}"`);
  }
  return seconds * 1000;
}
