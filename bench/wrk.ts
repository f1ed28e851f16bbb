// wrk (Debian's package): finding or installing it, the Lua script for a POST, and reading its report.
import { spawnSync } from 'node:child_process';
import { requestIdMarker, type Target } from './target.ts';

export interface ToolReport {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

const found = () => spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim();

/** wrk's path; installs it with apt-get when missing and root. Null, with the reason logged, when it cannot. */
export function findWrk(log: (line: string) => void): string | null {
  const path = found();
  if (path) return path;
  if (process.getuid?.() !== 0) {
    log('wrk: not installed and not root, so not installing it (apt-get install -y wrk); skipping wrk');
    return null;
  }
  log('wrk: installing with apt-get install -y wrk');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { env, encoding: 'utf8', timeout: 120_000 });
  if (found()) return found();
  log(`wrk: apt-get install failed (${install.status ?? install.error?.message}); skipping wrk`);
  return null;
}

const luaString = (s: string) => `"${s.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;

/** A POST of `t`; with the request id marker in the body, each request gets the next number in its place. */
export function wrkLua(t: Target): string {
  const lines = ['wrk.method = "POST"'];
  for (const [k, v] of Object.entries(t.headers)) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  const at = t.body.indexOf(requestIdMarker);
  if (at === -1) return [...lines, `wrk.body = ${luaString(t.body)}`, ''].join('\n');
  const head = luaString(t.body.slice(0, at));
  const tail = luaString(t.body.slice(at + requestIdMarker.length));
  return [
    ...lines,
    'local n = 0',
    'request = function()',
    '  n = n + 1',
    `  return wrk.format(nil, nil, nil, ${head} .. n .. ${tail})`,
    'end',
    '',
  ].join('\n');
}

const unitMs: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function duration(text: string | undefined, what: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text ?? '');
  if (!m) throw new Error(`wrk output: cannot read ${what} from "${text}"`);
  return Number(m[1]) * (unitMs[m[2] as string] as number);
}

/** Reads `wrk --latency` output. */
export function parseWrk(text: string): ToolReport {
  const total = /(\d+) requests in ([\d.]+\w+),/.exec(text);
  if (!total) throw new Error(`wrk output without a "N requests in T" line:\n${text}`);
  const pct = (p: string) => duration(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(text)?.[1], `the ${p}% latency`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const errors = (socket ? socket.slice(1).reduce((a, n) => a + Number(n), 0) : 0) + Number(non2xx?.[1] ?? 0);
  return {
    requests: Number(total[1]),
    seconds: duration(total[2], 'the run time') / 1000,
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    maxMs: duration(/^\s+Latency\s+\S+\s+\S+\s+(\S+)/m.exec(text)?.[1], 'the max latency'),
    errors,
  };
}
