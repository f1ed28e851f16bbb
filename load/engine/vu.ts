// A VU's instance of the script: its realm (realm.ts), its own k6 module objects, and the bundle evaluated there.
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
import { createRealm, defineModuleMixingTraps, k6Crypto, type Realm, SOBEK_GLOBALS } from './realm.ts';
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
    'k6/http': httpModule(rt, vu, realm?.JSON ?? JSON),
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

/** A VU with the bundle evaluated in its own realm, with `__VU` = id. */
export interface VUInstance {
  vu: VU;
  realm: Realm;
  exports: Record<string, unknown>;
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

/** Creates VU `id` and runs the init context in it; throws what the script's init threw. */
export function instantiate(rt: Runtime, bundle: CompiledBundle, id: number): VUInstance {
  const vu = new VU(id);
  let realm: Realm | undefined;
  let modules: ModuleSet | undefined;
  const timers = timersFor(rt, vu);
  realm = createRealm({
    console: rt.console,
    require: requireFor(vu, () => modules as ModuleSet),
    open: openFor(rt, vu, () => realm as Realm),
    global: undefined,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    setInterval: timers.setInterval,
    clearInterval: timers.clearInterval,
    crypto: k6Crypto,
  });
  realm.global.global = realm.global;
  realm.global.__ENV = realm.JSON.parse(rt.envJson);
  realm.global.__VU = id;
  defineModuleMixingTraps(realm.global);
  modules = modulesFor(rt, vu, realm, timers);
  const wrapper = bundle.script.runInContext(realm.context) as (...args: unknown[]) => Record<string, unknown>;
  vu.inInit = true;
  try {
    const exports = wrapper(modules, ...realm.intrinsics);
    return { vu, realm, exports };
  } finally {
    vu.inInit = false;
  }
}

/** A JSON text as a value of the VU's realm, so its objects are the VU's own (as k6 unmarshals setup data per VU). */
export function parseIn(realm: Realm, json: string | undefined): unknown {
  return json === undefined ? undefined : realm.JSON.parse(json);
}

/** What handleSummary returned, as text or bytes per key (a cross-realm ArrayBuffer included). */
export function summaryContent(value: unknown): string | Buffer {
  if (types.isArrayBuffer(value)) return Buffer.from(value as ArrayBuffer);
  return String(value);
}
