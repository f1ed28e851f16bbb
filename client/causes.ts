// Why a request failed, in one vocabulary for every command: a network failure by kind, or an HTTP status with
// the error envelope's code. Pure (no Node built-ins): the k6 scripts tag their error counts with `causeTag`, the
// commands collapse a run whose every failure has one cause into one line with `commonCause`.
import type { ErrorCode } from '../schemas/generated/types.ts';

export const networkKinds = ['refused', 'reset', 'timeout', 'dns', 'tls', 'unreachable', 'network'] as const;
export type NetworkKind = (typeof networkKinds)[number];

export type Cause =
  | { kind: NetworkKind; detail?: string }
  | { kind: 'http'; status: number; code?: string }
  /** An answer whose body is no JSON at all (a proxy's page, a truncated body). */
  | { kind: 'non-json'; status: number }
  /** A 2xx whose JSON breaks the operation's response schema. */
  | { kind: 'schema'; status: number };

/**
 * The status the suite expects each known error code with (docs/api-notes.md; the mock answers with these). A
 * provider may pair them otherwise: such a pair is still reported, as its status and code, only not broken down
 * in a k6 summary (whose sub-metrics must be declared ahead).
 */
export const errorStatus: Record<ErrorCode, number> = {
  INVALID_JSON: 400,
  VALIDATION: 400,
  INVALID_API_KEY: 401,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  LOCK_CONFLICT: 409,
  ALREADY_REDEEMED: 409,
  NOT_LOCKED: 409,
  USER_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OFFER_NOT_ELIGIBLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

// Node's errno codes and the texts k6, undici and node:http use for them.
const patterns: [NetworkKind, RegExp][] = [
  ['refused', /ECONNREFUSED|connection refused/i],
  ['reset', /ECONNRESET|EPIPE|connection reset|broken pipe|socket hang up|other side closed|UND_ERR_SOCKET|^EOF$/i],
  ['timeout', /ETIMEDOUT|timeout|timed out|UND_ERR_(CONNECT|HEADERS|BODY)_TIMEOUT/i],
  ['dns', /ENOTFOUND|EAI_AGAIN|EAI_NONAME|no such host|lookup/i],
  ['tls', /CERT|x509|tls|ssl|EPROTO|self[- ]signed|unable to verify|wrong version number/i],
  ['unreachable', /EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|no route to host|network is unreachable/i],
];

/** The kind of a network failure from its errno code or message (k6's `res.error`, undici's, node:http's). */
export function networkKind(text: string | undefined): NetworkKind {
  if (!text) return 'network';
  return patterns.find(([, pattern]) => pattern.test(text))?.[0] ?? 'network';
}

export function networkCause(text: string | undefined): Cause {
  return { kind: networkKind(text), ...(text ? { detail: text } : {}) };
}

/** What a failed exchange was: no answer, an answer that is no JSON, or a status with the envelope's code. */
export function causeOf(answer: { status: number; error?: string; json: boolean; code?: string }): Cause {
  if (answer.status === 0) return networkCause(answer.error);
  if (!answer.json) return { kind: 'non-json', status: answer.status };
  return { kind: 'http', status: answer.status, ...(answer.code ? { code: answer.code } : {}) };
}

const networkWords: Record<NetworkKind, string> = {
  refused: 'connection refused',
  reset: 'connection reset',
  timeout: 'timed out',
  dns: 'DNS lookup failed',
  tls: 'TLS failed',
  unreachable: 'host unreachable',
  network: 'network error',
};

/** "HTTP 401 INVALID_API_KEY", "connection reset", "non-JSON body (HTTP 502)". */
export function causeText(cause: Cause): string {
  switch (cause.kind) {
    case 'http':
      return `HTTP ${cause.status}${cause.code ? ` ${cause.code}` : ''}`;
    case 'non-json':
      return `non-JSON body${cause.status ? ` (HTTP ${cause.status})` : ''}`;
    case 'schema':
      return `HTTP ${cause.status} off its response schema`;
    default:
      return networkWords[cause.kind];
  }
}

/** What a person should check first, given one cause behind every failure. */
export function causeHint(cause: Cause, keyVariable = 'SESSIONM_API_KEY (or SESSIONM_API_SECRET)'): string {
  switch (cause.kind) {
    case 'refused':
      return 'nothing listens there: check the URL and that the service is running';
    case 'reset':
      return 'the peer closed the connection: check that the port speaks HTTP, and any proxy or load balancer between';
    case 'timeout':
      return 'check that the target is up and reachable from here (firewall, VPN, proxy), or raise the timeout';
    case 'dns':
      return 'check the host name, and your DNS or VPN';
    case 'tls':
      return 'check the certificate (NODE_EXTRA_CA_CERTS for a private CA) and that the port speaks https';
    case 'unreachable':
      return 'check the network route to the host (VPN, firewall)';
    case 'network':
      return 'check the URL and the network between here and the target';
    case 'non-json':
      return 'check that the URL points at the SessionM API, not at a proxy, gateway or web page';
    case 'schema':
      return 'the provider answers differently from the schemas: see the details below';
    case 'http':
      if (cause.status === 401) return `the provider refused the credentials: check ${keyVariable}`;
      if (cause.status === 403) return `the credentials lack access: check ${keyVariable} and the retailer/store ids`;
      if (cause.status === 404) return "check the base URL's path and the ids in use";
      if (cause.status === 429) return 'the provider is rate limiting: lower the rate';
      if (cause.status >= 500) return 'the provider is failing: check its health and logs';
      return 'see the details below';
  }
}

/** Failures of one class collapse together: every 5xx is one class, other statuses each their own. */
export function causeClass(cause: Cause): string {
  if (cause.kind === 'http') return cause.status >= 500 ? 'http 5xx' : `http ${cause.status}`;
  if (cause.kind === 'non-json' || cause.kind === 'schema') return cause.kind;
  return cause.kind;
}

/**
 * The one cause behind every failure, when there is one: at least two failures, each with a known cause of the
 * same class. Returns the first of them (5xx: the most frequent status) and how many there were.
 */
export function commonCause(causes: (Cause | undefined)[]): { cause: Cause; count: number } | undefined {
  if (causes.some((c) => c === undefined)) return undefined;
  return commonCauseCounted((causes as Cause[]).map((cause) => ({ cause, count: 1 })));
}

/** commonCause over counted causes (a k6 summary's errors by cause). */
export function commonCauseCounted(
  entries: { cause: Cause; count: number }[],
): { cause: Cause; count: number } | undefined {
  const present = entries.filter((e) => e.count > 0);
  const count = present.reduce((sum, e) => sum + e.count, 0);
  const first = present[0]?.cause;
  if (!first || count < 2) return undefined;
  const cls = causeClass(first);
  if (!present.every((e) => causeClass(e.cause) === cls)) return undefined;
  if (first.kind !== 'http') return { cause: first, count };
  const statuses = new Set(present.map((e) => (e.cause.kind === 'http' ? e.cause.status : 0)));
  // Failures that do not say their code do not contradict the one code the others name.
  const codes = new Set(present.flatMap((e) => (e.cause.kind === 'http' && e.cause.code ? [e.cause.code] : [])));
  const code = statuses.size === 1 && codes.size === 1 ? [...codes][0] : undefined;
  return { cause: { kind: 'http', status: mostFrequentStatus(present), ...(code ? { code } : {}) }, count };
}

function mostFrequentStatus(entries: { cause: Cause; count: number }[]): number {
  const counts = new Map<number, number>();
  for (const { cause, count } of entries) {
    if (cause.kind === 'http') counts.set(cause.status, (counts.get(cause.status) ?? 0) + count);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** "all 27 failures have one cause: HTTP 401 INVALID_API_KEY: the provider refused the credentials: check …". */
export function collapsedLine(found: { cause: Cause; count: number }, what: string, keyVariable?: string): string {
  const status = found.cause.kind === 'http' && found.cause.status >= 500 ? '5xx, mostly ' : '';
  return `all ${found.count} ${what} have one cause: ${status}${causeText(found.cause)}: ${causeHint(found.cause, keyVariable)}`;
}

/**
 * The `code` tag of a k6 error counter: HTTP_409_LOCK_CONFLICT (status and envelope code), HTTP_503 (no envelope),
 * NON_JSON, SCHEMA, or the network kind in capitals (RESET, TIMEOUT, REFUSED…).
 */
export function causeTag(cause: Cause): string {
  switch (cause.kind) {
    case 'http':
      return `HTTP_${cause.status}${cause.code ? `_${cause.code}` : ''}`;
    case 'non-json':
      return 'NON_JSON';
    case 'schema':
      return 'SCHEMA';
    default:
      return cause.kind.toUpperCase();
  }
}

/** Every tag `causeTag` gives for the known pairs, plus statuses without an envelope: declared ahead in k6. */
export function knownCauseTags(bareStatuses: number[] = [429, 500, 502, 503, 504]): string[] {
  return [
    ...Object.entries(errorStatus).map(([code, status]) => `HTTP_${status}_${code}`),
    ...bareStatuses.map((status) => `HTTP_${status}`),
    'NON_JSON',
    'SCHEMA',
    ...networkKinds.map((kind) => kind.toUpperCase()),
  ];
}

/** A `code` tag back into a cause; undefined for a tag of another vocabulary (an older run's LOCK_CONFLICT). */
export function causeFromTag(tag: string): Cause | undefined {
  const http = /^HTTP_(\d{3})(?:_(.+))?$/.exec(tag);
  if (http) return { kind: 'http', status: Number(http[1]), ...(http[2] ? { code: http[2] } : {}) };
  if (tag === 'NON_JSON') return { kind: 'non-json', status: 0 };
  if (tag === 'SCHEMA') return { kind: 'schema', status: 200 };
  const kind = tag.toLowerCase() as NetworkKind;
  return networkKinds.includes(kind) ? { kind } : undefined;
}

/** A `code` tag back into words: "HTTP 409 LOCK_CONFLICT", "connection reset"; older tags (LOCK_CONFLICT) as is. */
export function causeTagText(tag: string): string {
  const http = /^HTTP_(\d{3})(?:_(.+))?$/.exec(tag);
  if (http) return `HTTP ${http[1]}${http[2] ? ` ${http[2]}` : ''}`;
  if (tag === 'NON_JSON') return 'non-JSON body';
  if (tag === 'SCHEMA') return '2xx off its response schema';
  const kind = tag.toLowerCase() as NetworkKind;
  return networkKinds.includes(kind) ? networkWords[kind] : tag;
}
