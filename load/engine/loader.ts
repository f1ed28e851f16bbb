import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

export const ENGINE_KEY = Symbol.for('k6-embedded-engine.modules');

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

/** esbuild plugin: k6 built-ins (and known remote libs) become thin modules over the engine's objects. */
function engineModules(modules: ModuleTable): Plugin {
  return {
    name: 'k6-embedded-engine',
    setup(b) {
      b.onResolve({ filter: /^(k6(\/.*)?|https?:\/\/.*)$/ }, (args) => ({ path: args.path, namespace: 'k6-engine' }));
      b.onLoad({ filter: /.*/, namespace: 'k6-engine' }, (args) => {
        const mod = modules[args.path];
        if (!mod) return { errors: [{ text: `${args.path} is not supported by the embedded engine` }] };
        const names = Object.keys(mod).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
        const ref = `globalThis[Symbol.for(${JSON.stringify(ENGINE_KEY.description)})][${JSON.stringify(args.path)}]`;
        const lines = [`const m = ${ref};`, 'export default m.default;'];
        if (names.length > 0) lines.push(`export const { ${names.join(', ')} } = m;`);
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

/** Re-bundles the k6 bundle against the engine's modules and evaluates it (its init context). */
export async function loadBundle(
  code: string,
  bundlePath: string,
  modules: ModuleTable,
): Promise<Record<string, unknown>> {
  (globalThis as Record<symbol, unknown>)[ENGINE_KEY] = modules;
  const out = await build({
    stdin: { contents: code, sourcefile: bundlePath, loader: 'js', resolveDir: join(bundlePath, '..') },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    plugins: [engineModules(modules)],
  });
  const dir = await mkdtemp(join(tmpdir(), 'k6-engine-'));
  const file = join(dir, 'script.mjs');
  try {
    await writeFile(file, out.outputFiles[0]?.text ?? '');
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
