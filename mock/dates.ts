// The seed's local request times ("2018-03-01 00:00:00.0") and the ISO times its responses carry.

const localPattern = /^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** Reads a zone-less request time as UTC; undefined when the calendar date does not exist (2018-02-31). */
export function parseLocal(text: string): number | undefined {
  const m = localPattern.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, ...number[]];
  const ms = Math.round(Number(`0.${m[7] ?? '0'}`) * 1000);
  const time = Date.UTC(year, (month ?? 1) - 1, day, hour, minute, second, ms);
  const back = new Date(time);
  const exists =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === (month ?? 1) - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return exists ? time : undefined;
}

/** "2018-03-01T00:00:00Z" as the seed writes it: milliseconds only when there are some. */
export function isoTime(time: number): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

const unitMs = { days: 86_400_000, weeks: 7 * 86_400_000 } as const;

/** Adds a validity period; months and years follow the calendar. */
export function addPeriod(time: number, period: number, unit: 'days' | 'weeks' | 'months' | 'years'): number {
  if (unit === 'days' || unit === 'weeks') return time + period * unitMs[unit];
  const date = new Date(time);
  if (unit === 'months') date.setUTCMonth(date.getUTCMonth() + period);
  else date.setUTCFullYear(date.getUTCFullYear() + period);
  return date.getTime();
}
