// Maps Node/undici failures to k6's error codes and messages (k6 docs: "Error codes").
export const REQUEST_TIMEOUT = { code: 1050, message: 'request timeout' } as const;
export const INVALID_URL_CODE = 1020;

interface NodeError {
  code?: string;
  message?: string;
  cause?: unknown;
}

export function k6ErrorFor(err: unknown): { code: number; message: string } {
  let e = err as NodeError | undefined;
  // undici wraps socket errors; the errno is on the cause.
  for (let depth = 0; e && depth < 4; depth++) {
    switch (e.code) {
      case 'ECONNREFUSED':
        return { code: 1212, message: 'dial: connection refused' };
      case 'ECONNRESET':
        return { code: 1220, message: 'read: connection reset by peer' };
      case 'EPIPE':
        return { code: 1201, message: 'write: broken pipe' };
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return { code: 1211, message: 'dial: i/o timeout' };
      case 'ENOTFOUND':
        return { code: 1101, message: 'lookup: no such host' };
      case 'EAI_AGAIN':
        return { code: 1100, message: `lookup: ${e.message ?? 'temporary failure'}` };
      case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      case 'SELF_SIGNED_CERT_IN_CHAIN':
      case 'DEPTH_ZERO_SELF_SIGNED_CERT':
        return { code: 1310, message: 'x509: unknown authority' };
      case 'ERR_TLS_CERT_ALTNAME_INVALID':
        return { code: 1311, message: "x509: certificate doesn't match hostname" };
    }
    if (e.code?.startsWith('ERR_TLS') || e.code?.startsWith('ERR_SSL'))
      return { code: 1300, message: e.message ?? 'tls error' };
    if (e.cause === undefined) break;
    e = e.cause as NodeError;
  }
  const top = err as NodeError | undefined;
  // A peer closing mid-exchange is Go's EOF in k6, a generic 1000.
  if (top?.code === 'UND_ERR_SOCKET') return { code: 1000, message: 'EOF' };
  return { code: 1000, message: top?.message ?? String(err) };
}
