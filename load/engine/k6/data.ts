import type { Runtime } from '../runtime.ts';

/** The `k6/data` module: SharedArray, built once by name and frozen. */
export function dataModule(rt: Runtime) {
  class SharedArray {
    constructor(name: string, fn: () => unknown[]) {
      if (rt.phase !== 'init') throw new Error('SharedArray can only be created in the init context');
      if (typeof name !== 'string' || name === '') throw new Error('SharedArray needs a name');
      let arr = rt.sharedArrays.get(name);
      if (!arr) {
        const made = fn();
        if (!Array.isArray(made)) throw new Error('SharedArray function must return an array');
        // k6 stores a JSON copy; freezing keeps VUs from changing shared data.
        arr = Object.freeze((JSON.parse(JSON.stringify(made)) as unknown[]).map(deepFreeze));
        rt.sharedArrays.set(name, arr);
      }
      // biome-ignore lint/correctness/noConstructorReturn: mirrors k6, where SharedArray yields an array-like
      return arr as unknown as SharedArray;
    }
  }
  const api = { SharedArray };
  return { ...api, default: api };
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
