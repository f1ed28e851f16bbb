import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { BuildResult, Plugin } from 'esbuild';
import { esbuildVersion, loadEsbuild } from '../esbuild.ts';
import { type CompileCache, cacheKey } from './compile-cache.ts';

export interface ImportUse {
  module: string;
  /** Names the script takes from the module: named imports and properties read off default/namespace bindings. */
  names: Set<string>;
}

const IMPORT_RE =
  /^\s*import\s*(?:([\w$]+)\s*,?\s*)?(?:\*\s*as\s+([\w$]+)\s*)?(?:\{([^}]*)\}\s*)?from\s*["']([^"']+)["'];?/gm;
const BARE_IMPORT_RE = /^\s*import\s*["']([^"']+)["'];?/gm;

/** Reads the external imports of an esbuild ESM bundle and what each one is used for. */
export function scanImports(code: string): Map<string, ImportUse> {
  const uses = new Map<string, ImportUse>();
  const use = (mod: string) => {
    let u = uses.get(mod);
    if (!u) {
      u = { module: mod, names: new Set() };
      uses.set(mod, u);
    }
    return u;
  };
  const bindings: [string, ImportUse][] = [];
  for (const m of code.matchAll(IMPORT_RE)) {
    const u = use(m[4] as string);
    if (m[1]) bindings.push([m[1], u]);
    if (m[2]) bindings.push([m[2], u]);
    for (const spec of (m[3] ?? '').split(',')) {
      const name = spec.trim().split(/\s+as\s+/)[0];
      if (name) u.names.add(name === 'default' ? 'default' : name);
    }
  }
  for (const m of code.matchAll(BARE_IMPORT_RE)) use(m[1] as string);
  const body = code.replace(IMPORT_RE, '');
  for (const [local, u] of bindings) {
    const re = new RegExp(`(?<![\\w$.])${local.replace(/\$/g, '\\$')}\\s*\\.\\s*([A-Za-z_$][\\w$]*)`, 'g');
    for (const m of body.matchAll(re)) u.names.add(m[1] as string);
  }
  return uses;
}

export type ModuleTable = Record<string, Record<string, unknown>>;

/** Every k6 API the script uses that `modules` lacks, as "module.name" messages. */
export function unsupportedUses(uses: Map<string, ImportUse>, modules: ModuleTable): string[] {
  const problems: string[] = [];
  for (const u of uses.values()) {
    const mod = modules[u.module];
    if (!mod) {
      problems.push(
        u.module.startsWith('https://') || u.module.startsWith('http://')
          ? `remote module ${u.module} is not supported by the embedded engine (no network; vendor it into the bundle)`
          : `${u.module} is not supported by the embedded engine`,
      );
      continue;
    }
    for (const name of u.names) {
      if (name !== 'default' && !(name in mod))
        problems.push(`${u.module}.${name} is not supported by the embedded engine`);
    }
  }
  return problems;
}

/** esbuild plugin: k6 built-ins (and known remote libs) become thin modules over the VU's own module objects. */
function engineModules(exportNames: Record<string, readonly string[]>): Plugin {
  return {
    name: 'k6-embedded-engine',
    setup(b) {
      b.onResolve({ filter: /^(k6(\/.*)?|https?:\/\/.*)$/ }, (args) => ({ path: args.path, namespace: 'k6-engine' }));
      b.onLoad({ filter: /.*/, namespace: 'k6-engine' }, (args) => {
        const names = exportNames[args.path];
        if (!names) return { errors: [{ text: `${args.path} is not supported by the embedded engine` }] };
        const lines = [`const m = ${MODULES_PARAM}[${JSON.stringify(args.path)}];`, 'export default m.default;'];
        const named = names.filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
        if (named.length > 0) lines.push(`export const { ${named.join(', ')} } = m;`);
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

const MODULES_PARAM = '__k6_modules__';
const EXPORTS_NAME = '__k6_exports__';
/** The wrapper's own name: stack.ts leaves its frame out of a script error's place. */
export const WRAPPER_NAME = '__k6_vu_init__';

/**
 * Syntax Sobek (k6 v1.8.1) cannot parse, so the script would not even load on k6. esbuild lowers it when told the
 * target lacks it; a lowering helper in the output that the input did not have means the syntax was there.
 */
const UNPARSABLE_ON_K6: { feature: string; helper: string; what: string }[] = [
  { feature: 'for-await', helper: '__forAwait', what: 'for await…of' },
  { feature: 'async-generator', helper: '__asyncGenerator', what: 'async generator functions (async function*)' },
];

/** Regexp features esbuild turns into `new RegExp(…)` calls, which the VU realm's guarded RegExp checks. */
const REGEXP_FEATURES = [
  'regexp-named-capture-groups',
  'regexp-match-indices',
  'regexp-unicode-property-escapes',
  'regexp-set-notation',
] as const;

export class BundleError extends Error {}

/**
 * Regexp literals Sobek fails when it parses the script (builtin_regexp.go compileRegexp: flags g i m s u y;
 * parser/regexp.go passes \p to Go's regexp as a plain p): esbuild lowers them to `new RegExp("…", "…")` with
 * string literals, which are read here. Empty when there are none.
 */
export function regexpsK6Rejects(js: string): string[] {
  const out: string[] = [];
  for (const m of js.matchAll(/new RegExp\(("(?:[^"\\]|\\.)*")(?:,\s*("(?:[^"\\]|\\.)*"))?\)/g)) {
    let source: string;
    let flags: string;
    try {
      source = JSON.parse(m[1] as string) as string;
      flags = m[2] ? (JSON.parse(m[2]) as string) : '';
    } catch {
      continue;
    }
    const bad = [...flags].filter((c) => !'gimsuy'.includes(c));
    const literal = `/${source}/${flags}`;
    if (bad.length > 0)
      out.push(`${literal}: the ${bad.join(', ')} flag (Invalid flags supplied to RegExp constructor '${flags}')`);
    else if (flags.includes('u') && /\\[pP]\{/.test(source)) out.push(`${literal}: Unicode property escapes (\\p{…})`);
  }
  return out;
}

export interface CompiledBundle {
  /** Evaluates to the wrapper function; run it in each VU's context, then call it with modules and intrinsics. */
  script: Script;
}

const helperCount = (text: string, helper: string) => text.match(new RegExp(`\\b${helper}\\d* = `, 'g'))?.length ?? 0;

/** esbuild's pass; `selfContained` when the output came from the bundle alone (no file of its own pulled in). */
async function rebundle(
  code: string,
  bundlePath: string,
  exportNames: Record<string, readonly string[]>,
): Promise<{ js: string; selfContained: boolean }> {
  const { build } = await loadEsbuild();
  let out: BuildResult<{ metafile: true; write: false }>;
  try {
    out = await build({
      // Named by its file name only: the output does not depend on the folder (it names it in comments otherwise).
      stdin: { contents: code, sourcefile: basename(bundlePath), loader: 'js', resolveDir: dirname(bundlePath) },
      bundle: true,
      format: 'iife',
      globalName: EXPORTS_NAME,
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
      metafile: true,
      supported: Object.fromEntries(
        [...UNPARSABLE_ON_K6.map((u) => u.feature), ...REGEXP_FEATURES].map((f) => [f, false]),
      ),
      plugins: [engineModules(exportNames)],
    });
  } catch (e) {
    const errors = (e as { errors?: { text: string }[] }).errors ?? [];
    const text = errors.map((x) => x.text).join('; ') || (e as Error).message;
    if (/top-level await/i.test(text)) {
      throw new BundleError(
        'top-level await is not supported by the embedded engine (k6 runs it): move the awaited work into setup() or the default function',
      );
    }
    throw new BundleError(text);
  }
  const js = out.outputFiles?.[0]?.text ?? '';
  const inputs = Object.keys(out.metafile?.inputs ?? {}).filter((input) => !input.startsWith('k6-engine:'));
  return { js, selfContained: inputs.length === 1 };
}

/**
 * Re-bundles the k6 bundle into one function of a VU's k6 modules, its per-VU globals and Sobek's globals (see
 * realm.ts), compiled once; every VU calls it, so module state is per VU, as each k6 VU evaluates the script itself.
 * With a cache, esbuild's output for the same bundle is taken from it (compile-cache.ts).
 */
export async function compileBundle(
  code: string,
  bundlePath: string,
  exportNames: Record<string, readonly string[]>,
  params: readonly string[],
  prelude = '',
  cache?: CompileCache,
): Promise<CompiledBundle> {
  // This file's own text is in the key: the plugin and the syntax rules in it shape the output.
  const key =
    cache &&
    cacheKey([
      code,
      basename(bundlePath),
      exportNames,
      esbuildVersion,
      readFileSync(fileURLToPath(import.meta.url), 'utf8'),
    ]);
  let js = key && (await cache.get(key));
  if (js === undefined) {
    const built = await rebundle(code, bundlePath, exportNames);
    js = built.js;
    if (key && built.selfContained) await cache.put(key, js);
  }
  const unparsable = UNPARSABLE_ON_K6.filter((u) => helperCount(js, u.helper) > helperCount(code, u.helper));
  if (unparsable.length > 0) {
    throw new BundleError(
      `${unparsable.map((u) => u.what).join(' and ')}: k6 v1.8.1's JavaScript runtime (Sobek) cannot parse this syntax, so the script would not load on k6 (bundle it with esbuild's supported: { 'for-await': false, 'async-generator': false })`,
    );
  }
  const regexps = regexpsK6Rejects(js);
  if (regexps.length > 0) {
    throw new BundleError(
      `regular expressions k6 v1.8.1's JavaScript runtime (Sobek) cannot compile, so the script would not load on k6: ${regexps.join('; ')}`,
    );
  }
  const source = `(function ${WRAPPER_NAME}(${MODULES_PARAM}, ${params.join(', ')}) {\n"use strict";\n${prelude}\n${js}\nreturn ${EXPORTS_NAME};\n})`;
  return { script: new Script(source, { filename: bundlePath }) };
}
