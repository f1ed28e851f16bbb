// Bundles each k6 entry in load/scripts to dist/k6/<name>.js: ESM, k6 built-ins and remote modules external.
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
export const scriptsDir = join(root, 'load', 'scripts');
export const bundleDir = join(root, 'dist', 'k6');

/** `k6` and `k6/…` only: a bare `k6*` pattern would also leave out npm packages named k6-something. */
export const externals = ['k6', 'k6/*', 'https://*'];

export async function bundleK6Scripts(outDir = bundleDir): Promise<string[]> {
  const entries = (await readdir(scriptsDir)).filter((f) => f.endsWith('.ts')).map((f) => join(scriptsDir, f));
  await build({
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: externals,
    // The map is written, but the bundle does not name it: k6 would try to load it (and warn) wherever it is absent.
    sourcemap: 'external',
    logLevel: 'warning',
  });
  return entries.map((e) => join(outDir, `${basename(e, '.ts')}.js`));
}
