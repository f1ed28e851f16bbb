import { types } from 'node:util';

/**
 * k6's console (grafana/k6 v1.8.1 internal/js/console.go): arguments joined by spaces, objects as JSON-like text
 * ([Circular], [object Function]), errors as their string; one log line per call on stderr. debug is shown
 * only with k6's --verbose, so never here.
 */
export function makeConsole(rt: { log(line: string): void; elapsedMs(): number }) {
  const text = (v: unknown, seen: Set<object>): string => {
    if (typeof v === 'function') return '[object Function]';
    if (v === null || v === undefined) return String(v);
    if (typeof v !== 'object') return typeof v === 'string' ? JSON.stringify(v) : String(v);
    if (types.isNativeError(v)) return String(v);
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return `[${v.map((x) => text(x, seen)).join(',')}]`;
      const parts = Object.keys(v).map((k) => `${JSON.stringify(k)}:${text((v as Record<string, unknown>)[k], seen)}`);
      return `{${parts.join(',')}}`;
    } finally {
      seen.delete(v);
    }
  };
  const line =
    (level: string) =>
    (...args: unknown[]) => {
      const msg = args.map((a) => (typeof a === 'string' ? a : text(a, new Set()))).join(' ');
      const s = Math.floor(rt.elapsedMs() / 1000);
      rt.log(`${level}[${String(s).padStart(4, '0')}] ${msg}  source=console`);
    };
  const info = line('INFO');
  return { log: info, info, warn: line('WARN'), error: line('ERRO'), debug: () => undefined };
}
