// The highest passing rate: double from `start` until a step fails, then bisect between the last pass and the
// first failure. Pure apart from `probe`, so it can be tested on a fake.

export interface SearchStep<T> {
  rate: number;
  pass: boolean;
  detail: T;
}

export interface SearchOptions {
  start: number;
  /** Upper bound on every probed rate. */
  max: number;
  /** At most this many probes in all. */
  steps: number;
  /** Stop bisecting once the gap is within this share of the passing rate. */
  precision?: number;
}

export async function searchMaxRate<T>(
  probe: (rate: number) => Promise<{ pass: boolean; detail: T }>,
  o: SearchOptions,
): Promise<{ rate: number; steps: SearchStep<T>[] }> {
  const steps: SearchStep<T>[] = [];
  const run = async (rate: number) => {
    const r = await probe(rate);
    steps.push({ rate, ...r });
    return r.pass;
  };
  let pass = 0;
  let fail = Number.POSITIVE_INFINITY;
  for (let rate = Math.min(o.start, o.max); steps.length < o.steps; rate = Math.min(rate * 2, o.max)) {
    if (await run(rate)) pass = rate;
    else {
      fail = rate;
      break;
    }
    if (rate === o.max) return { rate: pass, steps };
  }
  const precision = o.precision ?? 0.1;
  while (steps.length < o.steps && Number.isFinite(fail) && fail - pass > Math.max(1, pass * precision)) {
    const rate = Math.round((pass + fail) / 2);
    if (await run(rate)) pass = rate;
    else fail = rate;
  }
  return { rate: pass, steps };
}
