import type { TrendSink } from './metrics/sinks.ts';
import type { Runtime } from './runtime.ts';

/** The live status line on a TTY: elapsed, iteration rate, VUs, p95 so far, failures. */
export class Progress {
  private lastIters = 0;
  private lastAt = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly out: NodeJS.WriteStream,
  ) {}

  static enabled(quiet: boolean): boolean {
    return !quiet && Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
  }

  update(): void {
    const rt = this.rt;
    const elapsed = rt.elapsedMs();
    const iters = rt.iterationsCompleted;
    const rate = elapsed > this.lastAt ? ((iters - this.lastIters) * 1000) / (elapsed - this.lastAt) : 0;
    this.lastIters = iters;
    this.lastAt = elapsed;
    const p95 = (rt.m.http_req_duration.sink as TrendSink).percentiles([95])[0] as number;
    const failed = rt.m.http_req_failed.sink as { passes: number; total: number };
    const failPct = failed.total ? (failed.passes / failed.total) * 100 : 0;
    const dropped = (rt.m.dropped_iterations.sink as { count: number }).count;
    const s = Math.floor(elapsed / 1000);
    const clock = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    const line = `running ${clock}  ${rate.toFixed(0)} it/s  VUs ${rt.vusActive}/${rt.vusInitialized}  p95 ${p95.toFixed(2)}ms  failed ${failPct.toFixed(2)}%  dropped ${dropped}`;
    this.out.write(`\r\x1b[2K${line}`);
  }

  clear(): void {
    this.out.write('\r\x1b[2K');
  }
}
