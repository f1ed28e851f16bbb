// Pure schedule math for the executors, kept apart so it can be tested without timers.

export interface Stage {
  durationMs: number;
  target: number;
}

/** constant-arrival-rate: k6 starts iteration i at i * timeUnit/rate, the first at 0. */
export function* constantArrivalTimes(rate: number, timeUnitMs: number, durationMs: number): Generator<number> {
  if (rate <= 0) return;
  const period = timeUnitMs / rate;
  for (let i = 0; ; i++) {
    const t = i * period;
    if (t >= durationMs) return;
    yield t;
  }
}

/**
 * ramping-arrival-rate: iteration n (1-based) starts when the area under the
 * piecewise-linear rate curve reaches n, as k6's RampingArrivalRateConfig.cal does.
 */
export function* rampingArrivalTimes(
  startRate: number,
  timeUnitMs: number,
  stages: readonly Stage[],
): Generator<number> {
  let from = startRate / timeUnitMs; // iterations per ms
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let i = 1;
  for (const stage of stages) {
    const to = stage.target / timeUnitMs;
    const dur = stage.durationMs;
    if (from !== to) {
      endCount += dur * ((to - from) / 2 + from);
      for (; i <= endCount; i++) {
        const x =
          (from * dur - Math.sqrt(Math.max(0, dur * (from * from * dur + 2 * (i - doneSoFar) * (to - from))))) /
          (from - to);
        yield stageStart + x;
      }
    } else {
      endCount += dur * to;
      for (; i <= endCount; i++) yield stageStart + (i - doneSoFar) / to;
    }
    doneSoFar = endCount;
    from = to;
    stageStart += dur;
  }
}

export interface VuStep {
  atMs: number;
  vus: number;
}

/**
 * ramping-vus: the VU count moves one VU at a time along each stage's linear ramp,
 * reaching v at stageStart + duration * |v - from| / |to - from| (k6's raw steps).
 */
export function rampingVuSteps(startVUs: number, stages: readonly Stage[]): VuStep[] {
  const steps: VuStep[] = [{ atMs: 0, vus: startVUs }];
  let from = startVUs;
  let t = 0;
  for (const { durationMs, target } of stages) {
    const diff = target - from;
    if (durationMs === 0) {
      if (diff !== 0) steps.push({ atMs: t, vus: target });
    } else {
      const n = Math.abs(diff);
      for (let k = 1; k <= n; k++) steps.push({ atMs: t + (durationMs * k) / n, vus: from + Math.sign(diff) * k });
    }
    from = target;
    t += durationMs;
  }
  return steps;
}
