import { copyTags, type Tags } from './metrics/registry.ts';
import type { Scenario } from './options.ts';

/** Thrown into a VU by exec.test.abort(); every later k6 call of that VU throws it again (see VU.interrupt). */
export class TestAbort extends Error {}

/** Live state of one scenario, shared by its executor and k6/execution. */
export class ScenarioState {
  startedAt = 0;
  iterationsStarted = 0;
  /** VUs counted by the `vus` metric: those running an iteration now. */
  activeVUs = 0;
  /** After duration + gracefulStop: iterations still running are interrupted. */
  hardStopped = false;
  constructor(readonly config: Scenario) {}
}

/** What the script's code sees as "now": the scenario and tags of the VU's running iteration. */
export interface IterCtx {
  scenario: ScenarioState | null;
  iterationInTest: number;
  tags: Tags;
  group: string;
  /** Absolute time (performance.now) until which a non-awaited sleep() holds the VU. */
  sleepUntil: number;
}

/**
 * One VU: its counters and the iteration it runs. A k6 VU runs one iteration at a time, so its k6 modules
 * (bound to it, see vu.ts) read `iter` directly, across awaits.
 */
export class VU {
  iterationInInstance = 0;
  iterationInScenario = 0;
  /** exec.vu.tags: set by the script, added to this VU's samples. */
  readonly tags: Tags = {};
  /** The running iteration; null in the init context. */
  iter: IterCtx | null = null;
  /** True while the VU evaluates the script: init-only APIs (open, SharedArray, metrics) work only then. */
  inInit = false;
  /** Set by exec.test.abort(): the VU is interrupted and no k6 call of it does anything but throw this. */
  interrupted: TestAbort | null = null;
  /** Callbacks registered on this VU's event loop (requests, timers, sleeps): k6 ends an iteration once none is left. */
  private pending = 0;
  private wakeIdle: (() => void) | null = null;

  constructor(readonly idInTest: number) {}

  /** Throws the abort again if the VU was interrupted: exec.test.abort() cannot be caught for good. */
  assertLive(): void {
    if (this.interrupted) throw this.interrupted;
  }

  interrupt(err: TestAbort): never {
    if (!this.interrupted) this.interrupted = err;
    throw this.interrupted;
  }

  /** Registers one callback on the event loop; `leave()` once when it is done. */
  enter(): void {
    this.pending++;
  }

  leave(): void {
    this.pending--;
    if (this.pending === 0 && this.wakeIdle) {
      const wake = this.wakeIdle;
      this.wakeIdle = null;
      wake();
    }
  }

  /** enter() with a release function that acts once (for timers, which can be cleared and fire). */
  hold(): () => void {
    this.enter();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.leave();
    };
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  /** Resolves when nothing is registered any more, after the microtasks that follow have run. */
  async idle(): Promise<void> {
    while (this.pending > 0) {
      await new Promise<void>((r) => {
        this.wakeIdle = r;
      });
      await new Promise((r) => setImmediate(r));
    }
  }
}

export function baseTags(global: Tags, scenario: ScenarioState | null, vu: VU, group = ''): Tags {
  const tags = copyTags(global, scenario?.config.tags);
  if (scenario) tags.scenario = scenario.config.name;
  for (const k in vu.tags) tags[k] = vu.tags[k] as string;
  tags.group = group;
  return tags;
}
