// The JavaScript world the VUs run in: one realm (a V8 context) holding only the globals k6 gives a VU. Every VU
// evaluates the script in it with its own module scope and its own __VU, __ENV, open, require and timers (vu.ts).
// Checked against grafana/k6 v1.8.1 (internal/js/bundle.go: setupJSRuntime, setInitGlobals, registerGlobals) and
// the Sobek it pins, grafana/sobek a66d4790012b (builtin_global.go, tc39_test.go featuresBlackList).
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';

export const K6_VERSION = 'v1.8.1';
const K6 = `k6 ${K6_VERSION}`;

/**
 * Sobek's global object (createGlobalObjectTemplate, addTypedArrays), except eval, NaN, undefined and Infinity,
 * which cannot be function parameters, and GoError, Sobek's own. The bundle reads these as parameters of its
 * wrapper: a global lookup in a Node vm context goes through an interceptor and costs ~0.2 µs.
 */
export const SOBEK_GLOBALS = [
  'Object',
  'Function',
  'Array',
  'String',
  'Number',
  'BigInt',
  'RegExp',
  'Date',
  'Boolean',
  'Proxy',
  'Reflect',
  'Error',
  'AggregateError',
  'TypeError',
  'ReferenceError',
  'SyntaxError',
  'RangeError',
  'EvalError',
  'URIError',
  'Math',
  'JSON',
  'ArrayBuffer',
  'DataView',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Symbol',
  'WeakSet',
  'WeakMap',
  'Map',
  'Set',
  'Promise',
  'globalThis',
  'isNaN',
  'parseInt',
  'parseFloat',
  'isFinite',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'unescape',
] as const;

/**
 * What k6 adds (bundle.go): __ENV, __VU, console, require, open, module/exports (accessors that throw), global
 * (compatibility mode "extended", the default), the timers and crypto (registerGlobals); __ITER before each
 * iteration (runner.go RunOnce). The per-VU ones are parameters of the bundle's wrapper (VU_PARAMS); console,
 * crypto, global and the module/exports traps are on the realm's global object.
 */
export const VU_PARAMS = [
  '__k6_vu__',
  '__VU',
  '__ENV',
  'open',
  'require',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
] as const;

/** Runs first in the wrapper: __ITER is set per iteration through the VU's hook (k6 sets it in RunOnce). */
export const VU_PRELUDE =
  'let __ITER; __k6_vu__.setIter = (n) => { __ITER = n; }; __k6_vu__.setEnv = (e) => { __ENV = e; };';

/** Globals a V8 context has and Sobek lacks: removed, so `typeof` sees undefined and a use throws, as on k6. */
const LACKED_GLOBALS = [
  'Intl',
  'WeakRef',
  'FinalizationRegistry',
  'SharedArrayBuffer',
  'Atomics',
  'WebAssembly',
  'Iterator',
  'Temporal',
  'ShadowRealm',
  'DisposableStack',
  'AsyncDisposableStack',
  'SuppressedError',
  'Float16Array',
  // V8's console writes to the inspector only; k6's is set in its place.
  'console',
];

/**
 * Members newer V8s have and Sobek a66d479 lacks (its featuresBlackList: array-grouping, promise-with-resolvers,
 * promise-try, Array.fromAsync, set-methods, resizable-arraybuffer, arraybuffer-transfer,
 * String.prototype.isWellFormed/toWellFormed, uint8array-base64, Float16Array, Math.sumPrecise, RegExp.escape,
 * legacy-regexp, __getter__/__setter__, iterator-helpers; and Annex B methods its builtin_*.go do not define).
 * Symbol.asyncIterator cannot be removed (non-configurable); for-await is refused when the bundle loads.
 */
const LACKED_MEMBERS: Record<string, string[]> = {
  Object: ['groupBy'],
  Map: ['groupBy'],
  Promise: ['withResolvers', 'try'],
  Array: ['fromAsync'],
  'ArrayBuffer.prototype': ['resize', 'resizable', 'maxByteLength', 'transfer', 'transferToFixedLength', 'detached'],
  'Set.prototype': [
    'union',
    'intersection',
    'difference',
    'symmetricDifference',
    'isSubsetOf',
    'isSupersetOf',
    'isDisjointFrom',
  ],
  'String.prototype': [
    'isWellFormed',
    'toWellFormed',
    'anchor',
    'big',
    'blink',
    'bold',
    'fixed',
    'fontcolor',
    'fontsize',
    'italics',
    'link',
    'small',
    'strike',
    'sub',
    'sup',
  ],
  'Date.prototype': ['getYear', 'setYear', 'toGMTString'],
  'Object.prototype': ['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'],
  RegExp: [
    'escape',
    'input',
    '$_',
    'lastMatch',
    '$&',
    'lastParen',
    '$+',
    'leftContext',
    '$`',
    'rightContext',
    "$'",
    ...Array.from({ length: 9 }, (_, i) => `$${i + 1}`),
  ],
  Uint8Array: ['fromBase64', 'fromHex'],
  'Uint8Array.prototype': ['toBase64', 'toHex', 'setFromBase64', 'setFromHex'],
  'DataView.prototype': ['getFloat16', 'setFloat16'],
  Math: ['sumPrecise', 'f16round'],
  Error: ['captureStackTrace', 'isError'],
  '%IteratorPrototype%': [
    'map',
    'filter',
    'take',
    'drop',
    'flatMap',
    'reduce',
    'toArray',
    'forEach',
    'some',
    'every',
    'find',
  ],
};

/** "Object.groupBy" for each lacked member, by bare name: to explain a TypeError "x.groupBy is not a function". */
const lackedByName = new Map<string, string>();
for (const [path, names] of Object.entries(LACKED_MEMBERS)) {
  const owner = path === '%IteratorPrototype%' ? 'Iterator.prototype' : path;
  for (const n of names) if (!lackedByName.has(n)) lackedByName.set(n, `${owner}.${n}`);
}
const lackedGlobals = new Set(LACKED_GLOBALS);

const PRUNE = new vm.Script(
  `(function (globals, members) {
  "use strict";
  for (const name of globals) delete globalThis[name];
  const iteratorProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  for (const path of Object.keys(members)) {
    const owner = path === '%IteratorPrototype%' ? iteratorProto : path.split('.').reduce((o, k) => o[k], globalThis);
    for (const name of members[path]) delete owner[name];
  }
})`,
  { filename: 'k6-realm-prune.js' },
);

const INTRINSICS = new vm.Script(`[${SOBEK_GLOBALS.join(', ')}]`, { filename: 'k6-realm-intrinsics.js' });

/**
 * Sobek's regexp (builtin_regexp.go compileRegexp): flags g i m s u y only, so `d` and `v` are a SyntaxError;
 * `\p{…}` is passed to Go's regexp as the letter p, so with `u` it silently matches the text "p{…}"; named groups
 * compile (through regexp2) but a match has no `.groups` (no code sets it) and `$<name>` is not replaced.
 * Literals that Sobek rejects are refused when the bundle loads (loader.ts, as Sobek fails them when it parses);
 * this guard meets the rest: `new RegExp(…)` at run time, and named groups (esbuild turns those literals into
 * `new RegExp(…)` calls).
 */
const REGEXP_GUARD = new vm.Script(
  `(function (lacks) {
  "use strict";
  const Native = RegExp;
  const check = (pattern, flags) => {
    const source = typeof pattern === 'string' ? pattern : pattern instanceof Native ? pattern.source : String(pattern ?? '');
    const f = flags === undefined ? (pattern instanceof Native ? pattern.flags : '') : String(flags);
    for (const c of f) {
      if (!'gimsuy'.includes(c)) throw new SyntaxError("Invalid flags supplied to RegExp constructor '" + f + "' (" + lacks + " the " + c + " flag)");
    }
    if (f.includes('u') && /\\\\[pP]\\{/.test(source)) {
      throw new SyntaxError('Invalid regular expression /' + source + '/' + f + ': ' + lacks + ' Unicode property escapes (\\\\p{…}); its regexp reads them as the literal text p{…}');
    }
    if (/\\(\\?[imsx-]+:/.test(source)) {
      throw new SyntaxError('Invalid regular expression /' + source + '/' + f + ': ' + lacks + ' regexp modifiers (?i:…)');
    }
    return /\\(\\?<[A-Za-z_$]/.test(source);
  };
  const noGroups = function (s) {
    const m = Native.prototype.exec.call(this, s);
    if (m !== null) {
      Object.defineProperty(m, 'groups', {
        get() { throw new TypeError('match.groups: ' + lacks + ' named capture groups (a match has no groups there; use numbered groups)'); },
      });
    }
    return m;
  };
  const guard = (re, named) => {
    if (named) Object.defineProperty(re, 'exec', { value: noGroups, writable: true, configurable: true });
    return re;
  };
  // new target(...) rather than Reflect.construct with the proxy as newTarget: the regexp keeps V8's initial map, so
  // its fast paths; RegExp.prototype is left untouched for the same reason (/a/.constructor is the native RegExp).
  const Guarded = new Proxy(Native, {
    construct(target, args, newTarget) {
      const named = check(args[0], args[1]);
      return guard(newTarget === Guarded ? new target(...args) : Reflect.construct(target, args, newTarget), named);
    },
    apply(target, self, args) { return guard(Reflect.apply(target, self, args), check(args[0], args[1])); },
  });
  return Guarded;
})`,
  { filename: 'k6-realm-regexp.js' },
);

const GLOBAL_NAMES = new vm.Script('Object.getOwnPropertyNames(globalThis)', { filename: 'k6-realm-names.js' });

/** The realm's global names now: to see what a script added, which all VUs would then share. */
export function globalNames(realm: Realm): Set<string> {
  return new Set(GLOBAL_NAMES.runInContext(realm.context) as string[]);
}

/** The VUs' realm: the context, its global, and the intrinsics handed to the bundle's wrapper. */
export interface Realm {
  context: vm.Context;
  global: Record<string, unknown>;
  /** Values for SOBEK_GLOBALS, in order (RegExp guarded, globalThis the realm's own). */
  intrinsics: unknown[];
  JSON: JSON;
  ObjectCtor: ObjectConstructor;
}

/** A fresh realm with k6's shared globals only (the per-VU ones come as wrapper parameters, see VU_PARAMS). */
export function createRealm(shared: { console: unknown }): Realm {
  const context = vm.createContext({}, { name: 'k6 VU', codeGeneration: { strings: true, wasm: false } });
  (PRUNE.runInContext(context) as (g: string[], m: Record<string, string[]>) => void)(LACKED_GLOBALS, LACKED_MEMBERS);
  const intrinsics = INTRINSICS.runInContext(context) as unknown[];
  const global = intrinsics[SOBEK_GLOBALS.indexOf('globalThis')] as Record<string, unknown>;
  const guardedRegExp = (REGEXP_GUARD.runInContext(context) as (lacks: string) => unknown)(`${K6} (Sobek) lacks`);
  intrinsics[SOBEK_GLOBALS.indexOf('RegExp')] = guardedRegExp;
  global.RegExp = guardedRegExp;
  global.console = shared.console;
  global.crypto = k6Crypto;
  global.global = global;
  defineModuleMixingTraps(global);
  return {
    context,
    global,
    intrinsics,
    JSON: intrinsics[SOBEK_GLOBALS.indexOf('JSON')] as JSON,
    ObjectCtor: intrinsics[SOBEK_GLOBALS.indexOf('Object')] as ObjectConstructor,
  };
}

/** Throws from `module`/`exports`, as k6's warnAboutModuleMixing accessors do. */
function defineModuleMixingTraps(global: Record<string, unknown>): void {
  for (const name of ['module', 'exports']) {
    const trap = () => {
      throw new Error(
        `you are trying to access identifier "${name}", this likely is due to mixing ECMAScript Modules (ESM) and CommonJS syntax. This isn't supported in the JavaScript standard, please use only one or the other`,
      );
    };
    Object.defineProperty(global, name, { get: trap, set: trap, enumerable: false, configurable: false });
  }
}

/** k6's crypto global (webcrypto.SetupGlobally): getRandomValues, randomUUID, subtle. */
export const k6Crypto = {
  getRandomValues: <T extends ArrayBufferView>(a: T): T => webcrypto.getRandomValues(a as never) as T,
  randomUUID: () => webcrypto.randomUUID(),
  subtle: webcrypto.subtle,
};

const notDefined = /^([A-Za-z_$][\w$]*) is not defined$/;
const notFunction = /(?:^|\.)([A-Za-z_$][\w$]*) is not a function$/;

/**
 * The hint for an error a script met because its VU has only k6's globals: "process is not defined" becomes
 * "... k6 v1.8.1 has no global "process" either". Empty when the error is not of that kind.
 */
export function lackedHint(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object' || typeof e.message !== 'string') return '';
  const missing = e.name === 'ReferenceError' ? notDefined.exec(e.message) : null;
  if (missing) {
    const name = missing[1] as string;
    if (lackedGlobals.has(name) || name in globalThis) {
      return ` (${K6} has no global "${name}" either: each VU gets only k6's globals; see load/engine/README.md)`;
    }
    return '';
  }
  const fn = e.name === 'TypeError' ? notFunction.exec(e.message) : null;
  const member = fn ? lackedByName.get(fn[1] as string) : undefined;
  return member ? ` (if this is ${member}: ${K6} (Sobek) lacks it)` : '';
}

/** An error's stack or message, with the lacked-global hint when it applies. */
export function describeScriptError(err: unknown): string {
  const e = err as { stack?: unknown; message?: unknown } | null;
  const text =
    e !== null && typeof e === 'object' && typeof e.stack === 'string'
      ? e.stack
      : e !== null && typeof e === 'object' && typeof e.message === 'string'
        ? e.message
        : String(err);
  const hint = lackedHint(err);
  if (hint === '') return text;
  const firstLineEnd = text.indexOf('\n');
  return firstLineEnd < 0 ? text + hint : text.slice(0, firstLineEnd) + hint + text.slice(firstLineEnd);
}
