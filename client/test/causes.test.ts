import { describe, expect, it } from 'vitest';
import {
  type Cause,
  causeOf,
  causeTag,
  causeTagText,
  collapsedLine,
  commonCause,
  knownCauseTags,
  networkKind,
} from '../causes.ts';

describe('networkKind', () => {
  it.each([
    ['dial: connection refused', 'refused'],
    ['connect ECONNREFUSED 127.0.0.1:9', 'refused'],
    ['read: connection reset by peer', 'reset'],
    ['other side closed', 'reset'],
    ['EOF', 'reset'],
    ['request timeout', 'timeout'],
    ['Headers Timeout Error', 'timeout'],
    ['lookup: no such host', 'dns'],
    ['getaddrinfo ENOTFOUND x.invalid', 'dns'],
    ['x509: unknown authority', 'tls'],
    ['EHOSTUNREACH', 'unreachable'],
    ['something else', 'network'],
    [undefined, 'network'],
  ] as const)('%s → %s', (text, kind) => {
    expect(networkKind(text)).toBe(kind);
  });
});

describe('causeOf and causeTag', () => {
  it('names no answer, a non-JSON body, and a status with its code', () => {
    expect(causeTag(causeOf({ status: 0, error: 'request timeout', json: false }))).toBe('TIMEOUT');
    expect(causeTag(causeOf({ status: 502, json: false }))).toBe('NON_JSON');
    expect(causeTag(causeOf({ status: 409, json: true, code: 'LOCK_CONFLICT' }))).toBe('HTTP_409_LOCK_CONFLICT');
    expect(causeTag(causeOf({ status: 503, json: true }))).toBe('HTTP_503');
  });

  it('declares every known pair ahead, and reads tags back into words', () => {
    const tags = knownCauseTags();
    expect(tags).toContain('HTTP_401_INVALID_API_KEY');
    expect(tags).toContain('RESET');
    expect(new Set(tags).size).toBe(tags.length);
    expect(causeTagText('HTTP_409_LOCK_CONFLICT')).toBe('HTTP 409 LOCK_CONFLICT');
    expect(causeTagText('RESET')).toBe('connection reset');
    expect(causeTagText('LOCK_CONFLICT')).toBe('LOCK_CONFLICT');
  });
});

describe('commonCause', () => {
  const key401: Cause = { kind: 'http', status: 401, code: 'INVALID_API_KEY' };

  it('collapses failures of one class into one line with what to check', () => {
    const found = commonCause([key401, key401, key401]);
    expect(found).toEqual({ cause: key401, count: 3 });
    expect(collapsedLine(found as NonNullable<typeof found>, 'failures')).toBe(
      'all 3 failures have one cause: HTTP 401 INVALID_API_KEY: the provider refused the credentials: check SESSIONM_API_KEY (or SESSIONM_API_SECRET)',
    );
  });

  it('takes every 5xx as one class', () => {
    const found = commonCause([
      { kind: 'http', status: 503 },
      { kind: 'http', status: 500 },
      { kind: 'http', status: 503 },
    ]);
    expect(found?.cause).toEqual({ kind: 'http', status: 503 });
    expect(collapsedLine(found as NonNullable<typeof found>, 'requests')).toMatch(/one cause: 5xx, mostly HTTP 503/);
  });

  it('does not collapse mixed causes, unknown ones, or a single failure', () => {
    expect(commonCause([key401, { kind: 'http', status: 404 }])).toBeUndefined();
    expect(commonCause([key401, undefined])).toBeUndefined();
    expect(commonCause([key401])).toBeUndefined();
    expect(commonCause([{ kind: 'refused' }, { kind: 'timeout' }])).toBeUndefined();
  });
});

describe('commonCause with partial codes', () => {
  it('keeps the one code named when other failures of the same status name none', () => {
    const found = commonCause([
      { kind: 'http', status: 401, code: 'INVALID_API_KEY' },
      { kind: 'http', status: 401 },
    ]);
    expect(found?.cause).toEqual({ kind: 'http', status: 401, code: 'INVALID_API_KEY' });
    const two = commonCause([
      { kind: 'http', status: 409, code: 'LOCK_CONFLICT' },
      { kind: 'http', status: 409, code: 'NOT_LOCKED' },
    ]);
    expect(two?.cause).toEqual({ kind: 'http', status: 409 });
  });
});
