// k6 durations: Go-style strings ("1m30s", "250ms", "1.5s", also "d") or numbers in ms.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/y;

export function parseDurationMs(value: unknown, what = 'duration'): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') throw new Error(`invalid ${what}: ${String(value)}`);
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  let total = 0;
  PART.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    PART.lastIndex = pos;
    const m = PART.exec(s);
    if (!m) throw new Error(`invalid ${what}: "${value}"`);
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = PART.lastIndex;
  }
  if (s.length === 0) throw new Error(`invalid ${what}: "${value}"`);
  return total;
}

const GO_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Go's time.ParseDuration: [-+]? then number+unit parts, "0" alone allowed. */
function parseGoDurationMs(s: string): number {
  let pos = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    pos = 1;
  }
  if (s.slice(pos) === '0') return 0;
  if (pos >= s.length) throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  while (pos < s.length) {
    GO_PART.lastIndex = pos;
    const m = GO_PART.exec(s);
    if (!m) {
      throw new Error(
        /^[\d.]+$/.test(s.slice(pos))
          ? `time: missing unit in duration ${JSON.stringify(s)}`
          : `time: invalid duration ${JSON.stringify(s)}`,
      );
    }
    total += Number(m[1]) * (GO_UNIT_MS[m[2] as string] as number);
    pos = GO_PART.lastIndex;
  }
  return sign * total;
}

/**
 * k6's types.Duration.UnmarshalJSON / ParseExtendedDuration (lib/types, v1.8.1): a number is milliseconds, a
 * string is a number of milliseconds or a Go duration, with k6's extension "<days>d<rest>".
 */
export function parseK6DurationMs(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`'${value}' is not a valid duration value`);
    return value;
  }
  if (typeof value !== 'string') throw new Error(`'${JSON.stringify(value)}' is not a valid duration value`);
  if (value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  const d = value.indexOf('d');
  if (d < 0) return parseGoDurationMs(value);
  const days = value.slice(0, d);
  if (!/^[+-]?\d+$/.test(days)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(days)}: invalid syntax`);
  let rest = 0;
  if (d + 1 < value.length) {
    rest = parseGoDurationMs(value.slice(d + 1));
    if (rest < 0) throw new Error(`invalid time format '${value.slice(d + 1)}'`);
  }
  const n = Number(days);
  return n * 86_400_000 + (n < 0 ? -rest : rest);
}
