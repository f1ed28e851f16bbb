// Memory over a soak run: samples of resident set size (and heap, where the process is this one), and whether the
// series stayed flat, judged by the least-squares slope over the second half (the first half holds warm-up: seeding,
// JIT, caches filling). V8's heap saws up and down by tens of MB between major GCs, more than a short soak's leak
// would add, so this process is sampled right after a forced full GC when node runs with --expose-gc.
import { readFileSync } from 'node:fs';

const MB = 1024 * 1024;

/** VmRSS of a process in MB from /proc (Linux); undefined once it has exited. */
export function rssMbOf(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export interface MemorySeries {
  /** Whether this process's samples follow a forced full GC (node --expose-gc). */
  forcedGc: boolean;
  /** Seconds since the first sample. */
  t: number[];
  mock: { rssMb: number[]; heapUsedMb: number[] };
  /** The engine runs as a child: RSS only (its heap is not visible from outside). null where it had exited. */
  engine: { rssMb: (number | null)[] };
}

export function emptySeries(): MemorySeries {
  const forcedGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  return { forcedGc, t: [], mock: { rssMb: [], heapUsedMb: [] }, engine: { rssMb: [] } };
}

export function sample(series: MemorySeries, seconds: number, enginePid: number): void {
  if (series.forcedGc) (globalThis as unknown as { gc: () => void }).gc();
  const own = process.memoryUsage();
  series.t.push(Math.round(seconds * 10) / 10);
  series.mock.rssMb.push(own.rss / MB);
  series.mock.heapUsedMb.push(own.heapUsed / MB);
  series.engine.rssMb.push(rssMbOf(enginePid) ?? null);
}

/** Least-squares slope of v over t (seconds), in units per minute; undefined with fewer than 2 points. */
export function slopePerMinute(t: readonly number[], v: readonly (number | null)[]): number | undefined {
  const points = t.flatMap((x, i) => (v[i] === null || v[i] === undefined ? [] : [[x, v[i] as number] as const]));
  if (points.length < 2) return undefined;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? undefined : (sxy / sxx) * 60;
}

export interface MemoryVerdict {
  flat: boolean;
  limitMbPerMin: number;
  /** Slopes over the second half, MB/min. */
  slopes: { mockRss?: number; mockHeap?: number; engineRss?: number };
  message: string;
}

export function memoryVerdict(series: MemorySeries, limitMbPerMin: number): MemoryVerdict {
  const half = series.t.length >> 1;
  const t = series.t.slice(half);
  const slopes = {
    mockRss: slopePerMinute(t, series.mock.rssMb.slice(half)),
    mockHeap: slopePerMinute(t, series.mock.heapUsedMb.slice(half)),
    engineRss: slopePerMinute(t, series.engine.rssMb.slice(half)),
  };
  const known = [slopes.mockRss, slopes.mockHeap, slopes.engineRss].filter((s): s is number => s !== undefined);
  const flat = known.length === 3 && known.every((s) => s < limitMbPerMin);
  const fmt = (s: number | undefined) => (s === undefined ? 'n/a' : `${s >= 0 ? '+' : ''}${s.toFixed(2)} MB/min`);
  const verdict = known.length < 3 ? 'too few samples to judge' : flat ? 'memory stayed flat' : 'memory grew';
  const gc = series.forcedGc ? 'after a forced GC' : 'no forced GC: run with node --expose-gc';
  const message = `${verdict}: over the second half (${t.length} samples) mock RSS ${fmt(slopes.mockRss)} and heap ${fmt(slopes.mockHeap)} (${gc}), engine RSS ${fmt(slopes.engineRss)}; limit ${limitMbPerMin} MB/min`;
  return { flat, limitMbPerMin, slopes, message };
}

/** memory.json: a soak's samples, how they were taken, and the verdict on them. */
export interface MemoryRecord extends MemorySeries {
  version: 1;
  intervalS: number;
  /** Flows per second. */
  rate: number;
  duration: string;
  verdict: MemoryVerdict;
}
