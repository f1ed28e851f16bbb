import { performance } from 'node:perf_hooks';
import { baseTags, type IterCtx, type ScenarioState, TestAbort, VU } from './context.ts';
import type { Tags } from './metrics/registry.ts';
import type { Scenario } from './options.ts';
import type { Runtime } from './runtime.ts';
import { constantArrivalTimes, rampingArrivalTimes, rampingVuSteps } from './scheduler.ts';

/** Runs one iteration of the scenario's exec function on the VU (in its own realm, see run.ts). */
export type IterationFn = (vu: VU) => unknown;

/** The VUs of one scenario: those initialised before the test starts, and how to initialise one more. */
export interface VUPool {
  readonly initial: VU[];
  /** Initialises one more VU (k6's GetUnplannedVU); rejects with what its init threw. */
  spawn(): Promise<VU>;
}

/** A pool of bare VUs, for executor tests and scripts without a realm. */
export function barePool(rt: Runtime, initialCount: number): VUPool {
  const make = () => new VU(++rt.vusInitialized);
  return { initial: Array.from({ length: initialCount }, make), spawn: async () => make() };
}

let lastYield = 0;

/**
 * Wakes at `at` (up to ~1 ms after: timers have 1 ms resolution) or early on abort. No setImmediate spin for the
 * last millisecond: above 500 arrivals/s that spin kept a whole core busy (docs/performance.md, Optimizations).
 */
async function waitUntil(rt: Runtime, at: number): Promise<boolean> {
  for (;;) {
    if (rt.abortState) return false;
    const left = at - performance.now();
    if (left <= 0) return true;
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(left - 1, 100))));
  }
}

/** A loop of sync or already-settled iterations would starve timers; give them a turn now and then. */
function maybeYield(): Promise<void> | undefined {
  const now = performance.now();
  if (now - lastYield < 10) return undefined;
  lastYield = now;
  return new Promise((r) => setImmediate(r));
}

/** Resolves once `isDone()` holds (checked on each `poke`) or at `deadline`, or on abort. */
class Drain {
  private wake: (() => void) | null = null;
  poke(): void {
    this.wake?.();
  }
  async until(rt: Runtime, isDone: () => boolean, deadline: number): Promise<void> {
    while (!isDone() && !rt.abortState) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 100));
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
      this.wake = null;
    }
  }
}

export class ScenarioRunner {
  private readonly iterTags: Tags;

  constructor(
    private readonly rt: Runtime,
    readonly st: ScenarioState,
    private readonly exec: IterationFn,
    private readonly pool: VUPool,
  ) {
    this.iterTags = baseTags(rt.globalTags, st, new VU(0));
  }

  /** Runs one iteration on `vu`, then waits for what it left registered (k6's event loop); never rejects. */
  private async iterate(vu: VU): Promise<void> {
    const { rt, st } = this;
    const tags = baseTags(rt.globalTags, st, vu);
    const ctx: IterCtx = { scenario: st, iterationInTest: st.iterationsStarted++, tags, group: '', sleepUntil: 0 };
    vu.iter = ctx;
    const t0 = performance.now();
    try {
      await this.exec(vu);
    } catch (err) {
      if (!(err instanceof TestAbort)) rt.scriptError(err, `scenario ${st.config.name}, VU ${vu.idInTest}`);
    }
    if (vu.busy) await vu.idle();
    if (ctx.sleepUntil > performance.now() && !rt.abortState) await waitUntil(rt, ctx.sleepUntil);
    vu.iterationInInstance++;
    vu.iterationInScenario++;
    if (vu.interrupted || st.hardStopped || rt.abortState) {
      rt.iterationsInterrupted++;
      return;
    }
    rt.iterationsCompleted++;
    rt.registry.add(rt.m.iteration_duration, performance.now() - t0, tags);
    rt.registry.add(rt.m.iterations, 1, tags);
    if (rt.minIterationDurationMs > 0) await waitUntil(rt, t0 + rt.minIterationDurationMs);
  }

  async run(): Promise<void> {
    const c = this.st.config;
    this.st.startedAt = performance.now();
    switch (c.executor) {
      case 'constant-arrival-rate':
        return this.arrivalRate(constantArrivalTimes(c.rate, c.timeUnitMs, c.durationMs));
      case 'ramping-arrival-rate':
        return this.arrivalRate(rampingArrivalTimes(c.startRate, c.timeUnitMs, c.stages));
      case 'constant-vus':
        return this.vuLoops(c.vus, () => true);
      case 'per-vu-iterations': {
        return this.vuLoops(c.vus, (vu) => vu.iterationInScenario < c.iterations);
      }
      case 'shared-iterations': {
        let claimed = 0;
        return this.vuLoops(c.vus, () => claimed++ < c.iterations);
      }
      case 'ramping-vus':
        return this.rampingVus();
    }
  }

  /**
   * Open model, as k6's constant/ramping-arrival-rate Run: an arrival takes a free initialised VU; with none free
   * it is dropped (dropped_iterations) and ONE more VU is initialised in the background, one at a time, until
   * maxVUs are allocated (lib/executor/constant_arrival_rate.go, v1.8.1).
   */
  private async arrivalRate(times: Iterator<number>): Promise<void> {
    const { rt, st } = this;
    const c = st.config;
    const start = st.startedAt;
    const end = start + c.durationMs;
    const free: VU[] = [...this.pool.initial];
    let allocated = free.length;
    let initialising = false;
    let warned = false;
    let running = 0;
    const drain = new Drain();
    const lag = rt.m.engine_schedule_lag;
    const dropped = rt.m.dropped_iterations;
    const initialiseOne = () => {
      initialising = true;
      allocated++;
      this.pool.spawn().then(
        (vu) => {
          initialising = false;
          free.push(vu);
        },
        (err) => {
          initialising = false;
          rt.scriptError(err, `initialising an unplanned VU for scenario ${c.name}`);
        },
      );
    };
    // Both schedules end by themselves; ramping's last arrival may sit exactly on the end.
    for (let next = times.next(); !next.done; next = times.next()) {
      const at = start + next.value;
      if (!(await waitUntil(rt, at))) break;
      rt.registry.add(lag, performance.now() - at, this.iterTags);
      const vu = free.pop();
      if (vu === undefined) {
        rt.registry.add(dropped, 1, this.iterTags);
        if (allocated >= c.maxVUs) {
          if (!warned) rt.log(`WARN Insufficient VUs, reached ${c.maxVUs} active VUs and cannot initialize more`);
          warned = true;
        } else if (!initialising) {
          initialiseOne();
        }
        continue;
      }
      running++;
      st.activeVUs = running;
      void this.iterate(vu).then(() => {
        running--;
        st.activeVUs = running;
        free.push(vu);
        drain.poke();
      });
    }
    await waitUntil(rt, end);
    await drain.until(rt, () => running === 0, end + c.gracefulStopMs);
    st.hardStopped = true;
  }

  /** Closed model: each VU loops while `more(vu)` holds and the regular duration lasts. */
  private async vuLoops(vus: number, more: (vu: VU) => boolean): Promise<void> {
    const { st } = this;
    const end = st.startedAt + st.config.durationMs;
    let live = 0;
    const drain = new Drain();
    for (const vu of this.pool.initial.slice(0, vus)) {
      live++;
      st.activeVUs++;
      void this.loop(vu, () => performance.now() < end && more(vu)).then(() => {
        live--;
        st.activeVUs--;
        drain.poke();
      });
    }
    await drain.until(this.rt, () => live === 0, end);
    await drain.until(this.rt, () => live === 0, end + st.config.gracefulStopMs);
    st.hardStopped = true;
  }

  private async loop(vu: VU, more: () => boolean): Promise<void> {
    while (!this.rt.abortState && !this.st.hardStopped && !vu.interrupted && more()) {
      await this.iterate(vu);
      const turn = maybeYield();
      if (turn) await turn;
    }
  }

  /** ramping-vus: VU i runs while i < the current target; ramped-down VUs finish their iteration. */
  private async rampingVus(): Promise<void> {
    const { rt, st } = this;
    const c = st.config;
    const start = st.startedAt;
    const end = start + c.durationMs;
    const vus = this.pool.initial;
    const running = new Set<number>();
    let target = 0;
    const drain = new Drain();
    const startLoop = (i: number) => {
      running.add(i);
      st.activeVUs = running.size;
      const vu = vus[i] as VU;
      void this.loop(vu, () => i < target && performance.now() < end).then(() => {
        running.delete(i);
        st.activeVUs = running.size;
        drain.poke();
      });
    };
    for (const step of rampingVuSteps(c.startVUs, c.stages)) {
      if (!(await waitUntil(rt, start + step.atMs))) break;
      if (performance.now() >= end) break;
      target = Math.min(step.vus, vus.length);
      for (let i = 0; i < target; i++) if (!running.has(i)) startLoop(i);
    }
    await waitUntil(rt, end);
    await drain.until(rt, () => running.size === 0, end + c.gracefulStopMs);
    st.hardStopped = true;
  }
}

/** VUs a scenario has initialised before the test starts, as k6 plans them (GetPreAllocatedVUs/GetMaxPlannedVUs). */
export function initialVUs(s: Scenario): number {
  switch (s.executor) {
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return s.preAllocatedVUs;
    case 'ramping-vus':
      return Math.max(s.startVUs, ...s.stages.map((st) => st.target));
    default:
      return s.vus;
  }
}
