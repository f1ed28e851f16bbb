import { describe, expect, it, vi } from 'vitest';
import { ScenarioState, type VU } from '../context.ts';
import { barePool, initialVUs, ScenarioRunner } from '../executors.ts';
import { roll } from '../metrics/registry.ts';
import type { CounterSink } from '../metrics/sinks.ts';
import { parseScenarios, type Scenario, scenariosFrom } from '../options.ts';
import { Runtime } from '../runtime.ts';
import { constantArrivalTimes, rampingArrivalTimes, rampingVuSteps } from '../scheduler.ts';

describe('arrival schedules', () => {
  it('constant-arrival-rate starts at 0 and spaces iterations by timeUnit/rate', () => {
    expect([...constantArrivalTimes(10, 1000, 1000)]).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect([...constantArrivalTimes(3, 60_000, 60_000)]).toEqual([0, 20_000, 40_000]);
  });

  it('ramping-arrival-rate at a constant stage starts the first iteration after 1/rate, as k6', () => {
    const times = [...rampingArrivalTimes(10, 1000, [{ durationMs: 1000, target: 10 }])];
    expect(times).toHaveLength(10);
    times.forEach((t, i) => {
      expect(t).toBeCloseTo((i + 1) * 100, 6);
    });
  });

  it('ramping-arrival-rate places iteration n where the area under the linear ramp reaches n', () => {
    // 0 -> 10/s over 1 s: area(t) = t^2 / 200000 (t in ms), so 5 iterations at sqrt(200000 n).
    const times = [...rampingArrivalTimes(0, 1000, [{ durationMs: 1000, target: 10 }])];
    expect(times).toHaveLength(5);
    times.forEach((t, i) => {
      expect(t).toBeCloseTo(Math.sqrt(200_000 * (i + 1)), 6);
    });
  });

  it('carries a partial iteration over into the next stage', () => {
    // Stage 1 ramps 0 -> 3/s over 1 s (area 1.5), stage 2 holds 3/s for 1 s (area 3): 4 iterations.
    const times = [
      ...rampingArrivalTimes(0, 1000, [
        { durationMs: 1000, target: 3 },
        { durationMs: 1000, target: 3 },
      ]),
    ];
    expect(times).toHaveLength(4);
    expect(times[0]).toBeCloseTo(Math.sqrt((2 * 1000) / 0.003), 6);
    expect(times[1]).toBeCloseTo(1000 + 0.5 / 0.003, 6);
    expect(times[3]).toBeCloseTo(1000 + 2.5 / 0.003, 6);
  });

  it('ramping-vus moves one VU at a time along each stage', () => {
    const steps = rampingVuSteps(0, [
      { durationMs: 10_000, target: 10 },
      { durationMs: 10_000, target: 0 },
    ]);
    expect(steps[0]).toEqual({ atMs: 0, vus: 0 });
    expect(steps.slice(1, 11)).toEqual(Array.from({ length: 10 }, (_, k) => ({ atMs: (k + 1) * 1000, vus: k + 1 })));
    expect(steps.slice(11)).toEqual(Array.from({ length: 10 }, (_, k) => ({ atMs: 11_000 + k * 1000, vus: 9 - k })));
  });
});

describe('options', () => {
  it('maps the shortcuts like k6', () => {
    expect(scenariosFrom({})[0]).toMatchObject({ executor: 'per-vu-iterations', vus: 1, iterations: 1 });
    expect(scenariosFrom({ vus: 5, duration: '30s' })[0]).toMatchObject({
      executor: 'constant-vus',
      vus: 5,
      durationMs: 30_000,
    });
    expect(scenariosFrom({ vus: 2, iterations: 7 })[0]).toMatchObject({
      executor: 'shared-iterations',
      vus: 2,
      iterations: 7,
    });
    expect(scenariosFrom({ stages: [{ duration: '1m', target: 3 }] })[0]).toMatchObject({
      executor: 'ramping-vus',
      durationMs: 60_000,
    });
  });

  it('rejects executors it does not run', () => {
    expect(() => scenariosFrom({ scenarios: { x: { executor: 'externally-controlled' } } })).toThrow(/not supported/);
  });
});

function runtime(): Runtime {
  return new Runtime({}, '/', {}, () => undefined);
}

/** Runs one scenario on bare VUs (no script realm); short durations, so the k6 validation is not applied. */
async function runScenario(rt: Runtime, raw: Record<string, unknown>, fn: (vu: VU) => unknown): Promise<void> {
  const config = parseScenarios({ scenarios: { s: raw } }).scenarios[0] as Scenario;
  rt.testStart = performance.now();
  rt.phase = 'run';
  await new ScenarioRunner(rt, new ScenarioState(config), fn, barePool(rt, initialVUs(config))).run();
  roll(rt.registry);
}

const count = (rt: Runtime, name: string) =>
  (rt.registry.metrics.get(name)?.sink as CounterSink | undefined)?.count ?? 0;

describe('executors', () => {
  it('drops arrivals while all maxVUs are busy and counts them in dropped_iterations', async () => {
    const rt = runtime();
    let busy = 0;
    let maxBusy = 0;
    let started = 0;
    await runScenario(
      rt,
      {
        executor: 'constant-arrival-rate',
        rate: 50,
        timeUnit: '1s',
        duration: '400ms',
        preAllocatedVUs: 1,
        maxVUs: 2,
        gracefulStop: '1s',
      },
      async () => {
        started++;
        busy++;
        maxBusy = Math.max(maxBusy, busy);
        await new Promise((r) => setTimeout(r, 300));
        busy--;
      },
    );
    expect(maxBusy).toBe(2);
    expect(started + count(rt, 'dropped_iterations')).toBe(20); // every scheduled arrival is run or dropped
    expect(count(rt, 'dropped_iterations')).toBeGreaterThanOrEqual(10);
    expect(count(rt, 'iterations')).toBe(started);
  });

  it('ramping-arrival-rate runs exactly the iterations its stages schedule', async () => {
    const rt = runtime();
    let n = 0;
    // 0 -> 20/s over 500 ms: the area under the ramp is 5 iterations.
    await runScenario(
      rt,
      {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        timeUnit: '1s',
        preAllocatedVUs: 5,
        stages: [{ duration: '500ms', target: 20 }],
      },
      () => {
        n++;
      },
    );
    expect(n).toBe(5);
    expect(count(rt, 'dropped_iterations')).toBe(0);
  });

  it('ramping-vus runs as many VUs as the current stage target, then none', async () => {
    const rt = runtime();
    let busy = 0;
    let maxBusy = 0;
    const config = parseScenarios({
      scenarios: {
        s: {
          executor: 'ramping-vus',
          startVUs: 0,
          stages: [
            { duration: '200ms', target: 4 },
            { duration: '200ms', target: 0 },
          ],
        },
      },
    }).scenarios[0] as Scenario;
    const st = new ScenarioState(config);
    rt.phase = 'run';
    await new ScenarioRunner(
      rt,
      st,
      async () => {
        busy++;
        maxBusy = Math.max(maxBusy, busy);
        await new Promise((r) => setTimeout(r, 20));
        busy--;
      },
      barePool(rt, initialVUs(config)),
    ).run();
    expect(maxBusy).toBe(4);
    expect(st.activeVUs).toBe(0);
    expect(rt.vusInitialized).toBe(4);
  });

  it('per-vu-iterations runs exactly N iterations on each VU', async () => {
    const rt = runtime();
    const perVu = new Map<number, number>();
    await runScenario(rt, { executor: 'per-vu-iterations', vus: 3, iterations: 4 }, async (vu) => {
      const id = vu.idInTest;
      perVu.set(id, (perVu.get(id) ?? 0) + 1);
    });
    expect([...perVu.entries()].sort()).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(count(rt, 'iterations')).toBe(12);
  });

  it('shared-iterations splits a fixed total across VUs', async () => {
    const rt = runtime();
    let n = 0;
    await runScenario(rt, { executor: 'shared-iterations', vus: 3, iterations: 10 }, async () => {
      n++;
      await new Promise((r) => setImmediate(r));
    });
    expect(n).toBe(10);
  });

  it('constant-vus stops starting iterations at the end of its duration, also with sync iterations', async () => {
    // The engine's clock, stepped by the iterations themselves: no wall-clock time in the assertion.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const rt = runtime();
    const starts: number[] = [];
    try {
      await runScenario(rt, { executor: 'constant-vus', vus: 2, duration: '200ms' }, () => {
        starts.push(clock);
        clock += 10;
      });
    } finally {
      now.mockRestore();
    }
    // Each iteration runs 10 ms of the 200: the 2 VUs start 20 in all, none at or after the end.
    expect(starts).toEqual(Array.from({ length: 20 }, (_, i) => i * 10));
    expect(count(rt, 'iterations')).toBe(20);
  });

  it('an iteration that throws is logged and the VU goes on', async () => {
    const logs: string[] = [];
    const rt = new Runtime({}, '/', {}, (l) => logs.push(l));
    await runScenario(rt, { executor: 'per-vu-iterations', vus: 1, iterations: 3 }, () => {
      throw new Error('boom');
    });
    expect(logs.filter((l) => l.includes('boom'))).toHaveLength(3);
    expect(rt.abortState).toBeNull();
  });
});
