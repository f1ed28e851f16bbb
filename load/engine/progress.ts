import type { ScenarioState } from './context.ts';
import type { TrendSink } from './metrics/sinks.ts';
import { peakVUs } from './options.ts';
import type { Runtime } from './runtime.ts';

/** Seconds between progress blocks without a terminal. k6 prints one each second; a CI log wants fewer. */
export const NON_TTY_INTERVAL_MS = 10_000;

/**
 * Progress while a run goes: on a terminal, one live status line on stderr, redrawn each second; without one (CI,
 * a pipe), k6's non-interactive progress block on stdout every 10 s and once at the end, as k6 lays it out
 * (internal/cmd/ui.go renderMultipleBars, internal/ui/pb, each executor's progressFn).
 */
export class Progress {
  private lastIters = 0;
  private lastAt = 0;
  private lastBlockAt = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly out: NodeJS.WritableStream,
    private readonly tty = true,
    private readonly states: readonly ScenarioState[] = [],
  ) {}

  static enabled(quiet: boolean): boolean {
    return !quiet;
  }

  /** A live line needs a terminal on stderr (and not CI, whose log would keep every redraw). */
  static interactive(): boolean {
    return Boolean(process.stderr.isTTY) && process.env.CI !== 'true';
  }

  /** Called each second. */
  update(): void {
    if (!this.tty) {
      const elapsed = this.rt.elapsedMs();
      if (elapsed - this.lastBlockAt < NON_TTY_INTERVAL_MS) return;
      this.lastBlockAt = elapsed;
      this.out.write(k6ProgressBlock(snapshot(this.rt, this.states)));
      return;
    }
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

  /** Before a log line: the live line makes room. */
  clear(): void {
    if (this.tty) this.out.write('\r\x1b[2K');
  }

  /** At the end of the run: the live line goes; a log gets the final block, as k6 prints it when the run ends. */
  finish(): void {
    if (this.tty) this.clear();
    else this.out.write(k6ProgressBlock(snapshot(this.rt, this.states)));
  }
}

export interface ScenarioProgress {
  name: string;
  executor: string;
  /** Time since the scenario started, ms (0 before its start). */
  spentMs: number;
  durationMs: number;
  vus: number;
  maxVUs: number;
  /** VUs running an iteration, and VUs held (arrival-rate: allocated). */
  running: number;
  active: number;
  /** Arrival-rate: iterations per second now, and the most the schedule reaches. */
  ratePerS: number;
  peakRatePerS: number;
  /** Iteration-based executors. */
  iterationsDone: number;
  iterationsTotal: number;
  iterationsPerVU: number;
}

export interface ProgressSnapshot {
  elapsedMs: number;
  /** The longest the test can take: startTime + duration + gracefulStop of the last scenario. */
  maxDurationMs: number;
  maxVUs: number;
  vusActive: number;
  vusInitialized: number;
  complete: number;
  interrupted: number;
  scenarios: ScenarioProgress[];
}

/** Arrival rate per second at `spentMs` into a scenario, stages ramping linearly as k6's do. */
function rateAt(st: ScenarioState, spentMs: number): number {
  const c = st.config;
  const perS = (n: number) => (n * 1000) / c.timeUnitMs;
  if (c.executor === 'constant-arrival-rate') return perS(c.rate);
  let from = c.startRate;
  let at = 0;
  for (const stage of c.stages) {
    if (spentMs < at + stage.durationMs)
      return perS(from + ((stage.target - from) * (spentMs - at)) / stage.durationMs);
    at += stage.durationMs;
    from = stage.target;
  }
  return perS(from);
}

function snapshot(rt: Runtime, states: readonly ScenarioState[]): ProgressSnapshot {
  const elapsedMs = rt.elapsedMs();
  const inFlight = Math.max(0, states.reduce((a, s) => a + s.iterationsStarted, 0) - rt.iterationsCompleted);
  return {
    elapsedMs,
    maxDurationMs: Math.max(
      0,
      ...states.map((s) => s.config.startTimeMs + s.config.durationMs + s.config.gracefulStopMs),
    ),
    maxVUs: states.reduce((a, s) => a + peakVUs(s.config), 0),
    vusActive: rt.vusActive,
    vusInitialized: rt.vusInitialized,
    complete: rt.iterationsCompleted,
    interrupted: rt.iterationsInterrupted,
    scenarios: states.map((st) => {
      const c = st.config;
      // From the scenario's own start, after setup(), as k6's executors count it.
      const spentMs = st.startedAt > 0 ? Math.max(0, rt.testStart + elapsedMs - st.startedAt) : 0;
      const peak =
        c.executor === 'constant-arrival-rate'
          ? (c.rate * 1000) / c.timeUnitMs
          : Math.max(c.startRate, ...c.stages.map((s) => s.target)) * (1000 / c.timeUnitMs);
      const total = c.executor === 'per-vu-iterations' ? c.vus * c.iterations : c.iterations;
      return {
        name: c.name,
        executor: c.executor,
        spentMs,
        durationMs: c.durationMs,
        vus: c.vus,
        maxVUs: peakVUs(c),
        running: states.length === 1 ? Math.min(st.activeVUs, inFlight) : st.activeVUs,
        active: st.activeVUs,
        ratePerS: /arrival-rate/.test(c.executor) ? rateAt(st, spentMs) : 0,
        peakRatePerS: /arrival-rate/.test(c.executor) ? peak : 0,
        iterationsDone: Math.min(total, states.length === 1 ? rt.iterationsCompleted : st.iterationsStarted),
        iterationsTotal: total,
        iterationsPerVU: c.iterations,
      };
    }),
  };
}

/** pb.GetFixedLengthIntFormat: zero-padded to the digits of `max`. */
export const fixedInt = (value: number, max: number) =>
  String(Math.round(value)).padStart(String(Math.round(max)).length, '0');

/** pb.GetFixedLengthFloatFormat: zero-padded to the integer digits of `max`, with `precision` decimals. */
export function fixedFloat(value: number, max: number, precision: number): string {
  const intDigits = 1 + (Math.abs(max) >= 10 ? Math.floor(Math.log10(Math.abs(max))) : 0);
  return value.toFixed(precision).padStart(intDigits + (precision > 0 ? precision + 1 : 0), '0');
}

/** pb.GetFixedLengthDuration: "05.0s", "0m05.0s", "00m05.0s", "0h00m05.0s"…, as wide as `maxMs` needs. */
export function fixedDuration(ms: number, maxMs: number): string {
  const max = Math.round(Math.max(ms, maxMs) / 100) * 100;
  const tenths = Math.round(ms / 100);
  const t = tenths % 10;
  const secs = Math.floor(tenths / 10);
  const s = secs % 60;
  const mins = Math.floor(secs / 60);
  const m = mins % 60;
  const h = Math.floor(mins / 60);
  const sec = `${String(s).padStart(2, '0')}.${t}s`;
  if (max < 10_000) return sec.slice(1);
  if (max < 60_000) return sec;
  if (max < 600_000) return `${m % 10}m${sec}`;
  if (max < 3_600_000) return `${String(m).padStart(2, '0')}m${sec}`;
  if (max < 36_000_000) return `${h % 10}h${String(m).padStart(2, '0')}m${sec}`;
  return `${String(h).padStart(2, '0')}h${String(m).padStart(2, '0')}m${sec}`;
}

/** Go's time.Duration.String(): "30s", "1m30s", "1h0m0s", "500ms", "1.5s". */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${+ms.toFixed(3)}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = +(totalS % 60).toFixed(3);
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

function scenarioRight(s: ScenarioProgress): { progress: number; right: string[] } {
  const done = s.spentMs >= s.durationMs;
  const dur = done
    ? formatGoDuration(s.durationMs)
    : `${fixedDuration(s.spentMs, s.durationMs)}/${formatGoDuration(s.durationMs)}`;
  const timeShare = s.durationMs > 0 ? Math.min(1, s.spentMs / s.durationMs) : 1;
  switch (s.executor) {
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return {
        progress: timeShare,
        right: [
          `${fixedInt(s.running, s.maxVUs)}/${fixedInt(s.active, s.maxVUs)} VUs`,
          dur,
          `${fixedFloat(s.ratePerS, s.peakRatePerS, 2)} iters/s`,
        ],
      };
    case 'constant-vus':
      return { progress: timeShare, right: [`${s.vus} VUs`, dur] };
    case 'ramping-vus':
      return {
        progress: timeShare,
        right: [`${fixedInt(s.active, s.maxVUs)}/${fixedInt(s.maxVUs, s.maxVUs)} VUs`, dur],
      };
    case 'per-vu-iterations':
      return {
        progress: s.iterationsTotal ? s.iterationsDone / s.iterationsTotal : 1,
        right: [
          `${fixedInt(s.vus, s.vus)} VUs`,
          dur,
          `${fixedInt(s.iterationsDone, s.iterationsTotal)}/${s.iterationsTotal} iters, ${s.iterationsPerVU} per VU`,
        ],
      };
    default:
      return {
        progress: s.iterationsTotal ? s.iterationsDone / s.iterationsTotal : 1,
        right: [
          `${fixedInt(s.vus, s.vus)} VUs`,
          `${fixedDuration(s.spentMs, s.durationMs)}/${formatGoDuration(s.durationMs)}`,
          `${fixedInt(s.iterationsDone, s.iterationsTotal)}/${s.iterationsTotal} shared iters`,
        ],
      };
  }
}

/**
 * k6's progress block without a terminal: an empty line, the run's stats, then one line per scenario with its
 * share as a percentage (a bar needs a terminal), e.g.
 *
 *     running (0m10.0s), 010/100 VUs, 1990 complete and 0 interrupted iterations
 *     redemption   [  33% ] 010/100 VUs  10.0s/30s  200.00 iters/s
 */
export function k6ProgressBlock(p: ProgressSnapshot): string {
  const vus = (n: number) => fixedInt(n, p.maxVUs);
  const stats = `running (${fixedDuration(p.elapsedMs, p.maxDurationMs)}), ${vus(p.vusActive)}/${vus(p.vusInitialized)} VUs, ${p.complete} complete and ${p.interrupted} interrupted iterations`;
  const rendered = p.scenarios.map((s) => ({ s, ...scenarioRight(s) }));
  const maxLeft = Math.min(30, Math.max(4, ...p.scenarios.map((s) => s.name.length)));
  const columns = Math.max(0, ...rendered.map((r) => r.right.length));
  // Every right column but the last is padded to its widest entry, plus one space.
  const widths = Array.from({ length: columns }, (_, i) =>
    i === columns - 1 ? 0 : Math.max(0, ...rendered.map((r) => r.right[i]?.length ?? 0)),
  );
  const lines = rendered.map(({ s, progress, right }) => {
    const left = s.name.length > maxLeft ? `${s.name.slice(0, maxLeft - 3)}...` : s.name.padEnd(maxLeft);
    const status = s.spentMs >= s.durationMs ? '✓' : ' ';
    const pct = `${Math.round(Math.min(1, Math.max(0, progress)) * 100)}`.padStart(3);
    const rightText = right.map((col, i) => ` ${col.padEnd((widths[i] ?? 0) + 1)}`).join('');
    return `${left} ${status} [ ${pct}% ]${rightText}`.trimEnd();
  });
  return `\n${stats}\n${lines.map((l) => `${l}\n`).join('')}`;
}
