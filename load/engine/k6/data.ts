import { types } from 'node:util';
import type { VU } from '../context.ts';
import { type Realm, SOBEK_GLOBALS } from '../realm.ts';
import type { Runtime } from '../runtime.ts';

const IMMUTABLE = 'SharedArray is immutable';
const isIndex = (key: string | symbol): key is string => typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key);

/**
 * k6/data's SharedArray (grafana/k6 v1.8.1 internal/js/modules/k6/data): built once per name from the first VU
 * that asks, kept as one JSON text per element, and every element access parses a fresh deep-frozen copy in the
 * reading VU's realm (share.go wrappedSharedArray.Get). Writes throw a TypeError.
 */
export function dataModule(rt: Runtime, vu: VU, realm?: Realm) {
  const R = (name: (typeof SOBEK_GLOBALS)[number]) =>
    (realm ? realm.intrinsics[SOBEK_GLOBALS.indexOf(name)] : globalThis[name as keyof typeof globalThis]) as never;
  const parse: (s: string) => unknown = realm ? realm.JSON.parse : JSON.parse;
  const freeze: (o: unknown) => unknown = (R('Object') as ObjectConstructor).freeze;
  const isFrozen: (o: unknown) => boolean = (R('Object') as ObjectConstructor).isFrozen;
  const TypeErr: ErrorConstructor = R('TypeError');
  const Err: ErrorConstructor = R('Error');

  const deepFreeze = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    freeze(v);
    for (const k of Object.keys(v)) {
      const p = (v as Record<string, unknown>)[k];
      if (!isFrozen(p)) deepFreeze(p);
    }
    return v;
  };

  function arrayOver(items: readonly string[]): unknown {
    const target = new (R('Array') as ArrayConstructor)();
    const at = (i: number) => deepFreeze(parse(items[i] as string));
    const fail = (): never => {
      throw new TypeErr(IMMUTABLE);
    };
    return new (R('Proxy') as ProxyConstructor)(target, {
      get(t, key, receiver) {
        if (key === 'length') return items.length;
        if (isIndex(key)) {
          const i = Number(key);
          return i < items.length ? at(i) : undefined;
        }
        return Reflect.get(t, key, receiver);
      },
      has(t, key) {
        return isIndex(key) ? Number(key) < items.length : Reflect.has(t, key);
      },
      ownKeys() {
        return [...items.keys()].map(String).concat('length');
      },
      getOwnPropertyDescriptor(t, key) {
        if (key === 'length') return { value: items.length, writable: true, enumerable: false, configurable: false };
        if (isIndex(key) && Number(key) < items.length) {
          return { value: at(Number(key)), writable: false, enumerable: true, configurable: true };
        }
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
      set: fail,
      defineProperty: fail,
      deleteProperty: fail,
      setPrototypeOf: fail,
    });
  }

  class SharedArray {
    constructor(name: unknown, fn: unknown) {
      vu.assertLive();
      if (!vu.inInit) throw new Err('new SharedArray must be called in the init context');
      const key = String(name ?? '');
      if (key === '') throw new Err("empty name provided to SharedArray's constructor");
      if (types.isAsyncFunction(fn)) {
        throw new Err('SharedArray constructor does not support async functions as second argument');
      }
      if (typeof fn !== 'function') {
        throw new Err("a function is expected as the second argument of SharedArray's constructor");
      }
      let items = rt.sharedArrays.get(key);
      if (!items) {
        const made = (fn as () => unknown)();
        if (!Array.isArray(made)) throw new Err('only arrays can be made into SharedArray');
        items = made.map((v) => JSON.stringify(v) as string);
        rt.sharedArrays.set(key, items);
      }
      // biome-ignore lint/correctness/noConstructorReturn: k6's constructor returns its array-like too
      return arrayOver(items) as SharedArray;
    }
  }
  const api = { SharedArray };
  return { ...api, default: api };
}
