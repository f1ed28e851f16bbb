// The histograms alone, through the package's own factory (a named export, read alike by Node, bundles and vitest):
// its index also loads its log writer, which starts Intl's number formatting as it loads (60 ms of CPU in every
// engine process), and its WebAssembly build.
import { constructorFromBucketSize } from 'hdr-histogram-js/dist/JsHistogramFactory.js';

/** 64-bit float counts, as the package's Float64Histogram. */
const Float64Histogram = constructorFromBucketSize(64);
type Float64Histogram = InstanceType<typeof Float64Histogram>;

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

// Trend values are kept in an HDR histogram at 1/1000 of the unit (µs for time trends),
// 3 significant digits; count/sum/min/max stay exact.
const SCALE = 1000;

function newHistogram(): Float64Histogram {
  const h = new Float64Histogram(1, 2, 3);
  h.autoResize = true;
  return h;
}

export class TrendSink {
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly hist = newHistogram();

  add(v: number): void {
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    // HDR takes non-negative integers only; negatives count at 0 for percentiles.
    this.hist.recordValue(v > 0 ? Math.round(v * SCALE) : 0);
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.hist.reset();
  }

  merge(o: TrendSink): void {
    if (o.count === 0) return;
    this.count += o.count;
    this.sum += o.sum;
    if (o.min < this.min) this.min = o.min;
    if (o.max > this.max) this.max = o.max;
    this.hist.add(o.hist);
  }

  avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /**
   * Percentiles (0..100) as k6 computes them: linear interpolation between the
   * sorted values at ranks floor(p*(n-1)) and ceil(p*(n-1)); values come from the
   * histogram (±0.05%) and are clamped to the exact min/max. One pass for all.
   */
  percentiles(ps: readonly number[]): number[] {
    const n = this.count;
    if (n === 0) return ps.map(() => 0);
    if (n === 1) return ps.map(() => this.min);
    const wanted: { rank: number; slot: number; lo: boolean }[] = [];
    const out = new Array<number>(ps.length).fill(0);
    const lo = new Array<number>(ps.length).fill(0);
    const frac = new Array<number>(ps.length).fill(0);
    ps.forEach((p, slot) => {
      const i = (Math.min(Math.max(p, 0), 100) / 100) * (n - 1);
      frac[slot] = i - Math.floor(i);
      wanted.push({ rank: Math.floor(i), slot, lo: true }, { rank: Math.ceil(i), slot, lo: false });
    });
    wanted.sort((a, b) => a.rank - b.rank);
    const h = this.hist;
    let seen = 0;
    let w = 0;
    for (let idx = 0; idx < h.countsArrayLength && w < wanted.length; idx++) {
      const c = h.getCountAtIndex(idx);
      if (c === 0) continue;
      seen += c;
      while (w < wanted.length && (wanted[w] as { rank: number }).rank < seen) {
        const want = wanted[w] as { rank: number; slot: number; lo: boolean };
        const v = this.clamp(h.medianEquivalentValue(h.valueFromIndex(idx)) / SCALE);
        if (want.lo) lo[want.slot] = v;
        else out[want.slot] = v;
        w++;
      }
    }
    return out.map((hi, slot) => {
      const l = lo[slot] as number;
      return l + (hi - l) * (frac[slot] as number);
    });
  }

  private clamp(v: number): number {
    return Math.min(Math.max(v, this.min), this.max);
  }
}

export class CounterSink {
  count = 0;
  add(v: number): void {
    this.count += v;
  }
  reset(): void {
    this.count = 0;
  }
  merge(o: CounterSink): void {
    this.count += o.count;
  }
}

export class RateSink {
  passes = 0;
  total = 0;
  add(v: number): void {
    this.total++;
    if (v !== 0) this.passes++;
  }
  reset(): void {
    this.passes = 0;
    this.total = 0;
  }
  merge(o: RateSink): void {
    this.passes += o.passes;
    this.total += o.total;
  }
  rate(): number {
    return this.total === 0 ? 0 : this.passes / this.total;
  }
}

export class GaugeSink {
  value = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  seen = false;
  add(v: number): void {
    this.value = v;
    this.seen = true;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  reset(): void {
    this.seen = false;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }
  merge(o: GaugeSink): void {
    if (!o.seen) return;
    this.value = o.value;
    this.seen = true;
    if (o.min < this.min) this.min = o.min;
    if (o.max > this.max) this.max = o.max;
  }
}

export type Sink = TrendSink | CounterSink | RateSink | GaugeSink;

/** Adds `from` into `into` (same type). */
export function mergeSink(into: Sink, from: Sink): void {
  (into as { merge(o: Sink): void }).merge(from);
}

export function newSink(type: MetricType): Sink {
  switch (type) {
    case 'trend':
      return new TrendSink();
    case 'counter':
      return new CounterSink();
    case 'rate':
      return new RateSink();
    case 'gauge':
      return new GaugeSink();
  }
}
