import { performance } from 'node:perf_hooks';
import { baseTags, type IterCtx, iterStore, type ScenarioState, VU } from './context.ts';
import type { Tags } from './metrics/registry.ts';
import { type Runtime, TestAbort } from './runtime.ts';
import { constantArrivalTimes, rampingArrivalTimes, rampingVuSteps } from './scheduler.ts';

export type IterationFn = (data: unknown) => unknown;

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
    private readonly fn: IterationFn,
    private readonly data: unknown,
  ) {
    this.iterTags = baseTags(rt.globalTags, st, new VU(0));
  }

  private newVU(): VU {
    this.rt.vusInitialized++;
    return new VU(this.rt.vusInitialized);
  }

  /** Runs one iteration on `vu`; never rejects. */
  private async iterate(vu: VU): Promise<void> {
    const { rt, st } = this;
    const tags = baseTags(rt.globalTags, st, vu);
    const ctx: IterCtx = { vu, scenario: st, iterationInTest: st.iterationsStarted++, tags, group: '', sleepUntil: 0 };
    const t0 = performance.now();
    try {
      await iterStore.run(ctx, this.fn, this.data);
    } catch (err) {
      if (err instanceof TestAbort) rt.abort(108, err.message);
      else rt.scriptError(err, `scenario ${st.config.name}, VU ${vu.idInTest}`);
    }
    if (ctx.sleepUntil > performance.now() && !rt.abortState) await waitUntil(rt, ctx.sleepUntil);
    vu.iterationInInstance++;
    vu.iterationInScenario++;
    if (st.hardStopped || rt.abortState) {
      rt.iterationsInterrupted++;
      return;
    }
    rt.iterationsCompleted++;
    rt.registry.add(rt.m.iteration_duration, performance.now() - t0, tags);
    rt.registry.add(rt.m.iterations, 1, tags);
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

  /** Open model: start iterations on schedule; with every VU busy and none left to add, drop. */
  private async arrivalRate(times: Iterator<number>): Promise<void> {
    const { rt, st } = this;
    const c = st.config;
    const start = st.startedAt;
    const end = start + c.durationMs;
    const free: VU[] = [];
    let allocated = 0;
    const allocate = () => {
      allocated++;
      st.activeVUs = allocated;
      return this.newVU();
    };
    for (let i = 0; i < c.preAllocatedVUs; i++) free.push(allocate());
    let running = 0;
    const drain = new Drain();
    const lag = rt.m.engine_schedule_lag;
    const dropped = rt.m.dropped_iterations;
    // Both schedules end by themselves; ramping's last arrival may sit exactly on the end.
    for (let next = times.next(); !next.done; next = times.next()) {
      const at = start + next.value;
      if (!(await waitUntil(rt, at))) break;
      rt.registry.add(lag, performance.now() - at, this.iterTags);
      const vu = free.pop() ?? (allocated < c.maxVUs ? allocate() : undefined);
      if (vu === undefined) {
        rt.registry.add(dropped, 1, this.iterTags);
        continue;
      }
      running++;
      void this.iterate(vu).then(() => {
        running--;
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
    for (let i = 0; i < vus; i++) {
      const vu = this.newVU();
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
    while (!this.rt.abortState && !this.st.hardStopped && more()) {
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
    const vus: VU[] = [];
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
      target = step.vus;
      while (vus.length < target) vus.push(this.newVU());
      for (let i = 0; i < target; i++) if (!running.has(i)) startLoop(i);
    }
    await waitUntil(rt, end);
    await drain.until(rt, () => running.size === 0, end + c.gracefulStopMs);
    st.hardStopped = true;
  }
}
