import { performance } from 'node:perf_hooks';
import { currentCtx, type IterCtx } from '../context.ts';
import { type Runtime, TestAbort } from '../runtime.ts';

/** The `k6/execution` module; like k6's, every property is read live from the running iteration. */
export function executionModule(rt: Runtime) {
  const ctx = (what: string): IterCtx => {
    const c = currentCtx();
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
  const vu = {
    get idInInstance() {
      return ctx('vu.idInInstance').vu.idInTest;
    },
    get idInTest() {
      return ctx('vu.idInTest').vu.idInTest;
    },
    get iterationInInstance() {
      return ctx('vu.iterationInInstance').vu.iterationInInstance;
    },
    get iterationInScenario() {
      return ctx('vu.iterationInScenario').vu.iterationInScenario;
    },
    get tags() {
      return ctx('vu.tags').vu.tags;
    },
    get metrics() {
      return { tags: ctx('vu.metrics').vu.tags, metadata: {} };
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
    abort(reason?: string): never {
      throw new TestAbort(reason ?? 'test aborted');
    },
    get options() {
      return rt.options;
    },
  };
  const api = { scenario, vu, instance, test };
  return { ...api, default: api };
}
