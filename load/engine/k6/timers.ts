import type { VU } from '../context.ts';
import type { Runtime } from '../runtime.ts';

/**
 * k6's timers (internal/js/tc55/timers, global since v0.51 and the k6/timers module): integer ids, and each
 * pending timer holds the VU's iteration open, as k6's event loop waits for every registered callback.
 */
export function timersFor(rt: Runtime, vu: VU) {
  let nextId = 1;
  const live = new Map<number, { timer: NodeJS.Timeout; release: () => void }>();

  const fire = (fn: unknown, args: unknown[]) => {
    if (vu.interrupted || rt.abortState) return;
    try {
      (fn as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      rt.scriptError(e, `VU ${vu.idInTest} timer`);
    }
  };

  const start = (repeat: boolean, fn: unknown, delay: unknown, args: unknown[]): number => {
    vu.assertLive();
    if (typeof fn !== 'function')
      throw new TypeError(`${repeat ? 'setInterval' : 'setTimeout'}'s callback isn't a callable function`);
    const ms = Math.max(0, Number(delay) || 0);
    const id = nextId++;
    const release = vu.hold();
    const clear = () => {
      live.delete(id);
      release();
    };
    const timer = repeat
      ? setInterval(() => fire(fn, args), Math.max(1, ms))
      : setTimeout(() => {
          clear();
          fire(fn, args);
        }, ms);
    timer.unref();
    live.set(id, { timer, release: clear });
    return id;
  };

  const stop = (id: unknown) => {
    const t = live.get(Number(id));
    if (!t) return;
    clearTimeout(t.timer);
    t.release();
  };

  return {
    setTimeout: (fn: unknown, delay?: unknown, ...args: unknown[]) => start(false, fn, delay, args),
    clearTimeout: stop,
    setInterval: (fn: unknown, delay?: unknown, ...args: unknown[]) => start(true, fn, delay, args),
    clearInterval: stop,
  };
}
