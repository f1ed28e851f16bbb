import { AsyncLocalStorage } from 'node:async_hooks';
import { copyTags, type Tags } from './metrics/registry.ts';
import type { Scenario } from './options.ts';

export class VU {
  iterationInInstance = 0;
  iterationInScenario = 0;
  /** exec.vu.tags: set by the script, added to this VU's samples. */
  readonly tags: Tags = {};
  constructor(readonly idInTest: number) {}
}

/** Live state of one scenario, shared by its executor and k6/execution. */
export class ScenarioState {
  startedAt = 0;
  iterationsStarted = 0;
  /** VUs counted by the `vus` metric: running loops, or all allocated for arrival-rate. */
  activeVUs = 0;
  /** After duration + gracefulStop: iterations still running are interrupted. */
  hardStopped = false;
  constructor(readonly config: Scenario) {}
}

/** What the script's code sees as "now": the VU, scenario and tags of the running iteration. */
export interface IterCtx {
  vu: VU;
  scenario: ScenarioState | null;
  iterationInTest: number;
  tags: Tags;
  group: string;
  /** Absolute time (performance.now) until which a non-awaited sleep() holds the VU. */
  sleepUntil: number;
}

// An AsyncLocalStorage keeps __VU, tags and sleep() right across awaits of interleaved VUs.
export const iterStore = new AsyncLocalStorage<IterCtx>();

export function currentCtx(): IterCtx | undefined {
  return iterStore.getStore();
}

export function baseTags(global: Tags, scenario: ScenarioState | null, vu: VU, group = ''): Tags {
  const tags = copyTags(global, scenario?.config.tags);
  if (scenario) tags.scenario = scenario.config.name;
  for (const k in vu.tags) tags[k] = vu.tags[k] as string;
  tags.group = group;
  return tags;
}
