// Bundles each k6 entry in load/scripts to dist/k6/<name>.js: ESM, k6 built-ins and remote modules external.
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
export const scriptsDir = join(root, 'load', 'scripts');
/** dist/k6, or BUNDLE_DIR: the tests bundle into a temporary folder. */
export const bundleDir = process.env.BUNDLE_DIR ? resolve(process.env.BUNDLE_DIR) : join(root, 'dist', 'k6');

/** `k6` and `k6/…` only: a bare `k6*` pattern would also leave out npm packages named k6-something. */
export const externals = ['k6', 'k6/*', 'https://*'];

export async function bundleK6Scripts(outDir = bundleDir): Promise<string[]> {
  const entries = (await readdir(scriptsDir)).filter((f) => f.endsWith('.ts')).map((f) => join(scriptsDir, f));
  const { outputFiles } = await build({
    entryPoints: entries,
    write: false,
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
  // Each file whole or not at all: a run reading a bundle never sees another run's half-written copy.
  await mkdir(outDir, { recursive: true });
  await Promise.all(
    outputFiles.map(async (file) => {
      const partial = `${file.path}.${process.pid}-${Math.random().toString(36).slice(2)}`;
      await writeFile(partial, file.contents);
      await rename(partial, file.path);
    }),
  );
  return entries.map((e) => join(outDir, `${basename(e, '.ts')}.js`));
}
