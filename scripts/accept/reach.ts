// Reachability before anything else is sent: one GET per distinct origin, any HTTP answer counts. Stands in for
// client/reach.ts (issue #16) until it lands; then `unreachable` becomes that module's function of the same name.
import { request } from 'undici';

export interface ReachTarget {
  url: string;
  /** "the Offers API" */
  what: string;
}

const causes: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused: nothing listens there'],
  [/ENOTFOUND|EAI_AGAIN/, 'no such host (DNS)'],
  [/CERT|SSL|TLS|EPROTO/i, 'the TLS handshake failed'],
  [/TIMEOUT|ETIMEDOUT/i, 'no answer in time'],
  [/EHOSTUNREACH|ENETUNREACH/, 'no route to the host'],
];

type NetError = Error & { code?: string; cause?: { code?: string; message?: string } };

const causeOf = (error: NetError) => {
  const text = [error.code, error.cause?.code, error.message, error.cause?.message].filter(Boolean).join(' ');
  const code = error.cause?.code ?? error.code;
  return `${causes.find(([pattern]) => pattern.test(text))?.[1] ?? error.message}${code ? ` (${code})` : ''}`;
};

/** One line per target that did not answer: "cannot reach the POS API at http://…: connection refused …". */
export async function unreachable(targets: ReachTarget[], timeoutMs = 5000): Promise<string[]> {
  const distinct = targets.filter((t, i) => targets.findIndex((o) => o.url === t.url) === i);
  const lines = await Promise.all(
    distinct.map(async (t) => {
      try {
        const answer = await request(t.url, {
          method: 'GET',
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await answer.body.dump();
        return undefined;
      } catch (error) {
        return `cannot reach ${t.what} at ${t.url}: ${causeOf(error as NetError)}`;
      }
    }),
  );
  return lines.filter((line): line is string => line !== undefined);
}
