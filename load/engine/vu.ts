// A VU's instance of the script: its own k6 module objects and the bundle evaluated for it in the VUs' realm.
// As k6's Bundle.Instantiate (internal/js/bundle.go, v1.8.1): every VU runs the init context itself, __VU set.
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { types } from 'node:util';
import { VU } from './context.ts';
import { k6Module } from './k6/core.ts';
import { dataModule } from './k6/data.ts';
import { executionModule } from './k6/execution.ts';
import { httpModule } from './k6/http.ts';
import { metricsModule } from './k6/metrics.ts';
import { timersFor } from './k6/timers.ts';
import type { CompiledBundle } from './loader.ts';
import { type Realm, SOBEK_GLOBALS } from './realm.ts';
import type { Runtime } from './runtime.ts';

const INIT_ONLY = (name: string) =>
  `the "${name}" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information`;

export type ModuleSet = Record<string, Record<string, unknown>>;

/** Export names of each k6 module the engine has, for the loader's API check and shims. */
export function moduleExportNames(rt: Runtime): Record<string, string[]> {
  const vu = new VU(0);
  return Object.fromEntries(Object.entries(modulesFor(rt, vu)).map(([k, m]) => [k, Object.keys(m)]));
}

function modulesFor(rt: Runtime, vu: VU, realm?: Realm, timers = timersFor(rt, vu)): ModuleSet {
  const set: ModuleSet = {
    k6: k6Module(rt, vu),
    'k6/http': httpModule(
      rt,
      vu,
      realm?.JSON ?? JSON,
      realm ? (realm.intrinsics[SOBEK_GLOBALS.indexOf('Promise')] as PromiseConstructor) : Promise,
    ),
    'k6/metrics': metricsModule(rt, vu),
    'k6/execution': executionModule(rt, vu),
    'k6/data': dataModule(rt, vu, realm),
    'k6/timers': timerExports(timers),
  };
  for (const [name, lib] of Object.entries(rt.extraModules)) set[name] = lib;
  return set;
}

function timerExports(t: ReturnType<typeof timersFor>) {
  const api = {
    setTimeout: t.setTimeout,
    clearTimeout: t.clearTimeout,
    setInterval: t.setInterval,
    clearInterval: t.clearInterval,
  };
  return { ...api, default: api };
}

/** The bundle's wrapper evaluated once in the VUs' realm; each VU calls it. */
export interface SharedScript {
  realm: Realm;
  wrapper: (...args: unknown[]) => Record<string, unknown>;
}

export function shareScript(bundle: CompiledBundle, realm: Realm): SharedScript {
  return { realm, wrapper: bundle.script.runInContext(realm.context) as SharedScript['wrapper'] };
}

/** A VU with the bundle evaluated for it, with `__VU` = id. */
export interface VUInstance {
  vu: VU;
  realm: Realm;
  exports: Record<string, unknown>;
  /** Sets the VU's __ITER (before each iteration) and __ENV (a scenario's env). */
  hooks: { setIter(n: number): void; setEnv(env: unknown): void };
  /** The VU's own copy of setup()'s data, once parsed. */
  data?: unknown;
  dataReady?: boolean;
}

/** k6's open(): relative to the script's folder, cached; after the first init only files it opened (k6's rule). */
function openFor(rt: Runtime, vu: VU, realm: () => Realm) {
  return (path: unknown, mode?: unknown) => {
    if (!vu.inInit) throw new Error(INIT_ONLY('open'));
    const name = String(path ?? '');
    if (name === '') throw new Error("open() can't be used with an empty filename");
    const plain = name.startsWith('file://') ? name.slice(7) : name;
    const full = isAbsolute(plain) ? plain : resolve(rt.bundleDir, plain);
    let bytes = rt.files.get(full);
    if (bytes === undefined) {
      if (rt.filesFrozen) {
        throw new Error(
          `open() can't be used with files that weren't previously opened during initialization (__VU==0), path: "${full}"`,
        );
      }
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        throw new Error(`open ${full}: no such file or directory`);
      }
      if (isDir) throw new Error(`open() can't be used with directories, path: "${full}"`);
      bytes = rt.readFile(full);
      rt.files.set(full, bytes);
    }
    if (mode === 'b') {
      const r = realm();
      const AB = r.intrinsics[SOBEK_GLOBALS.indexOf('ArrayBuffer')] as ArrayBufferConstructor;
      const U8 = r.intrinsics[SOBEK_GLOBALS.indexOf('Uint8Array')] as Uint8ArrayConstructor;
      const ab = new AB(bytes.byteLength);
      new U8(ab).set(bytes);
      return ab;
    }
    return rt.textOf(full, bytes);
  };
}

function requireFor(vu: VU, modules: () => ModuleSet) {
  return (specifier: unknown) => {
    if (!vu.inInit) throw new Error(INIT_ONLY('require'));
    const name = String(specifier);
    const mod = modules()[name];
    if (!mod) throw new Error(`require("${name}"): the embedded engine resolves only k6's modules at run time`);
    return mod.default ?? mod;
  };
}

/** Creates VU `id` and runs the init context for it; throws what the script's init threw. */
export function instantiate(rt: Runtime, shared: SharedScript, id: number): VUInstance {
  const { realm } = shared;
  const vu = new VU(id);
  let modules: ModuleSet | undefined;
  const timers = timersFor(rt, vu);
  modules = modulesFor(rt, vu, realm, timers);
  const hooks = { setIter: (_n: number) => undefined, setEnv: (_e: unknown) => undefined };
  vu.inInit = true;
  try {
    const exports = shared.wrapper(
      modules,
      hooks,
      id,
      realm.JSON.parse(rt.envJson),
      openFor(rt, vu, () => realm),
      requireFor(vu, () => modules as ModuleSet),
      timers.setTimeout,
      timers.clearTimeout,
      timers.setInterval,
      timers.clearInterval,
      ...realm.intrinsics,
    );
    return { vu, realm, exports, hooks };
  } finally {
    vu.inInit = false;
  }
}

/** A JSON text as a value of the VUs' realm: a copy of the VU's own (as k6 unmarshals setup data per VU). */
export function parseIn(realm: Realm, json: string | undefined): unknown {
  return json === undefined ? undefined : realm.JSON.parse(json);
}

/** What handleSummary returned, as text or bytes per key (a cross-realm ArrayBuffer included). */
export function summaryContent(value: unknown): string | Buffer {
  if (types.isArrayBuffer(value)) return Buffer.from(value as ArrayBuffer);
  return String(value);
}
