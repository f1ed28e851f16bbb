import { performance } from 'node:perf_hooks';
import { exitCodes } from '../../../client/exit-codes.ts';
import { type IterCtx, TestAbort, type VU } from '../context.ts';
import type { Runtime } from '../runtime.ts';

/** The `k6/execution` module of one VU; like k6's, every property is read live from the running iteration. */
export function executionModule(rt: Runtime, vu: VU) {
  const ctx = (what: string): IterCtx => {
    const c = vu.iter;
    if (!c) throw new Error(`exec.${what} is not available in the init context`);
    return c;
  };
  const scenarioOf = (what: string) => {
    const s = ctx(`scenario.${what}`).scenario;
    if (!s) throw new Error(`exec.scenario.${what} is only available inside a scenario`);
    return s;
  };
  const scenario = {
    get name() {
      return scenarioOf('name').config.name;
    },
    get executor() {
      return scenarioOf('executor').config.executor;
    },
    get startTime() {
      return performance.timeOrigin + scenarioOf('startTime').startedAt;
    },
    get progress() {
      const s = scenarioOf('progress');
      const d = s.config.durationMs;
      return d > 0 ? Math.min(1, (performance.now() - s.startedAt) / d) : 0;
    },
    get iterationInInstance() {
      return ctx('scenario.iterationInInstance').iterationInTest;
    },
    get iterationInTest() {
      return ctx('scenario.iterationInTest').iterationInTest;
    },
  };
  const vuInfo = {
    get idInInstance() {
      ctx('vu.idInInstance');
      return vu.idInTest;
    },
    get idInTest() {
      ctx('vu.idInTest');
      return vu.idInTest;
    },
    get iterationInInstance() {
      ctx('vu.iterationInInstance');
      return vu.iterationInInstance;
    },
    get iterationInScenario() {
      ctx('vu.iterationInScenario');
      return vu.iterationInScenario;
    },
    get tags() {
      ctx('vu.tags');
      return vu.tags;
    },
    get metrics() {
      ctx('vu.metrics');
      return { tags: vu.tags, metadata: {} };
    },
  };
  const instance = {
    get iterationsCompleted() {
      return rt.iterationsCompleted;
    },
    get iterationsInterrupted() {
      return rt.iterationsInterrupted;
    },
    get vusActive() {
      return rt.vusActive;
    },
    get vusInitialized() {
      return rt.vusInitialized;
    },
    get currentTestRunDuration() {
      return rt.elapsedMs();
    },
  };
  const test = {
    /**
     * k6 interrupts the VU's runtime (execution.go: rt.Interrupt), which no catch sees. Here the run is aborted
     * at once, the VU is marked interrupted, and every later k6 call from it throws again: a catch changes nothing.
     */
    abort(reason?: unknown): never {
      const message = reason === undefined || reason === null ? 'test aborted' : `test aborted: ${String(reason)}`;
      rt.abort(exitCodes.scriptAborted, message);
      return vu.interrupt(new TestAbort(message));
    },
    /** k6 logs the reason and marks the run failed: exit 110 at the end, the run goes on. */
    fail(reason?: unknown): void {
      vu.assertLive();
      if (!vu.iter) throw new Error('execution.test.fail() called outside of VU context');
      const message =
        reason === undefined || reason === null ? 'test marked as failed' : `test marked as failed: ${String(reason)}`;
      rt.log(`ERRO ${message}`);
      rt.markedFailed = true;
    },
    get options() {
      return rt.options;
    },
  };
  const api = { scenario, vu: vuInfo, instance, test };
  return { ...api, default: api };
}
