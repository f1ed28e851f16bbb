import { performance } from 'node:perf_hooks';
import type { VU } from '../context.ts';
import { copyTags, type Tags } from '../metrics/registry.ts';
import type { Runtime } from '../runtime.ts';

/** Resolves at `until` (performance.now time); unref'd so a stray sleep never holds the process. */
function delayUntil(until: number): Promise<void> {
  const ms = until - performance.now();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** The `k6` module of one VU: check, fail, group, sleep. */
export function k6Module(rt: Runtime, vu: VU) {
  const reg = rt.registry;
  const groupDuration = rt.m.group_duration;

  function check<T>(value: T, sets: Record<string, ((v: T) => unknown) | unknown>, tags?: Tags): boolean {
    vu.assertLive();
    const ctx = vu.iter;
    if (!ctx) throw new Error('check() is not supported in the init context');
    let all = true;
    for (const name of Object.keys(sets)) {
      const fn = sets[name];
      const ok = Boolean(typeof fn === 'function' ? (fn as (v: T) => unknown)(value) : fn);
      const sampleTags = copyTags(ctx.tags);
      sampleTags.check = name;
      if (tags) for (const k in tags) sampleTags[k] = tags[k] as string;
      reg.add(rt.m.checks, ok ? 1 : 0, sampleTags);
      if (!reg.closed) {
        const node = rt.groups.check(ctx.group, name);
        if (ok) node.passes++;
        else node.fails++;
      }
      if (!ok) all = false;
    }
    return all;
  }

  function fail(reason?: string): never {
    throw new Error(reason ?? '');
  }

  /**
   * sleep() is synchronous in k6, which Node cannot do without freezing every VU.
   * Here it returns a promise (await it to pause mid-iteration) and also holds the
   * VU until the sleep is over before its next iteration, so the usual
   * `sleep(1)` at the end of an iteration paces like in k6.
   */
  function sleep(seconds: number): Promise<void> {
    vu.assertLive();
    const ms = Number(seconds) * 1000;
    if (!(ms >= 0)) throw new Error(`sleep() needs a non-negative number, got ${String(seconds)}`);
    const ctx = vu.iter;
    const now = performance.now();
    if (!ctx) return delayUntil(now + ms);
    ctx.sleepUntil = Math.max(ctx.sleepUntil, now) + ms;
    const release = vu.hold();
    return delayUntil(ctx.sleepUntil).finally(release);
  }

  function group<T>(name: string, fn: () => T): T {
    vu.assertLive();
    const ctx = vu.iter;
    if (!ctx) throw new Error('group() is not supported in the init context');
    const prev = { group: ctx.group, tags: ctx.tags };
    const node = rt.groups.group(ctx.group, name);
    ctx.group = node.path;
    ctx.tags = copyTags(ctx.tags, { group: node.path });
    const tags = ctx.tags;
    const t0 = performance.now();
    const done = () => {
      ctx.group = prev.group;
      ctx.tags = prev.tags;
      reg.add(groupDuration, performance.now() - t0, tags);
    };
    let result: T;
    try {
      result = fn();
    } catch (e) {
      done();
      throw e;
    }
    // k6 cannot time async groups (k6 #2728); here the group ends when its promise settles.
    if (isThenable(result)) {
      return Promise.resolve(result).finally(done) as T;
    }
    done();
    return result;
  }

  const api = { check, fail, group, sleep };
  return { ...api, default: api };
}
