// Bundles each k6 entry in load/scripts to dist/k6/<name>.js: ESM, k6 built-ins and remote modules external.
// A folder whose bundles were made from the same files (each input and output hashed, with esbuild's version, the
// options and the lockfile) is left as it is: every load run asks for the bundles, and they rarely change.
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { esbuildVersion, loadEsbuild } from './esbuild.ts';
import { sha256, writeWhole } from './files.ts';

const root = resolve(import.meta.dirname, '..');
export const scriptsDir = join(root, 'load', 'scripts');
/** dist/k6, or BUNDLE_DIR: the tests bundle into a temporary folder. */
export const bundleDir = process.env.BUNDLE_DIR ? resolve(process.env.BUNDLE_DIR) : join(root, 'dist', 'k6');

/** `k6` and `k6/…` only: a bare `k6*` pattern would also leave out npm packages named k6-something. */
export const externals = ['k6', 'k6/*', 'https://*'];

const options = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: externals,
  // The map is written, but the bundle does not name it: k6 would try to load it (and warn) wherever it is absent.
  sourcemap: 'external',
  logLevel: 'warning',
} satisfies BuildOptions;

/** What the bundles in a folder were made from: file → sha256, for every input and output. */
interface Stamp {
  key: string;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
}
export const stampName = '.bundled-from.json';

const hashOf = (file: string) => readFile(file).then(sha256, () => undefined);

async function stampKey(entries: string[]): Promise<string> {
  const lockfile = (await hashOf(join(root, 'package-lock.json'))) ?? '';
  return sha256(JSON.stringify([esbuildVersion, options, entries, lockfile]));
}

/** True when the stamp's key matches and every file it lists still has the content it had. */
async function unchanged(stamp: Stamp, key: string): Promise<boolean> {
  if (stamp.key !== key) return false;
  const files = Object.entries({ ...stamp.inputs, ...stamp.outputs });
  const now = await Promise.all(files.map(([file]) => hashOf(file)));
  return files.every(([, hash], i) => now[i] === hash);
}

export async function bundleK6Scripts(outDir = bundleDir): Promise<string[]> {
  const entries = (await readdir(scriptsDir))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(scriptsDir, f));
  const bundles = entries.map((e) => join(outDir, `${basename(e, '.ts')}.js`));
  const key = await stampKey(entries);
  const stamp = await readFile(join(outDir, stampName), 'utf8').then(
    (text) => JSON.parse(text) as Stamp,
    () => undefined,
  );
  if (stamp && (await unchanged(stamp, key))) return bundles;

  const { build } = await loadEsbuild();
  const started = Date.now();
  const { outputFiles, metafile } = await build({
    ...options,
    entryPoints: entries,
    write: false,
    outdir: outDir,
    metafile: true,
    absWorkingDir: root,
  });
  await mkdir(outDir, { recursive: true });
  await Promise.all(outputFiles.map((file) => writeWhole(file.path, file.contents)));
  const inputs = Object.keys(metafile.inputs).map((input) => resolve(root, input));
  // A file changed while esbuild read it: its hash now may not be what was bundled, so no stamp (bundle next time).
  const modified = await Promise.all(
    inputs.map((file) =>
      stat(file).then(
        (s) => s.mtimeMs,
        () => Infinity,
      ),
    ),
  );
  if (modified.some((at) => at >= started)) return bundles;
  const inputHashes = await Promise.all(inputs.map(hashOf));
  const next: Stamp = {
    key,
    inputs: Object.fromEntries(inputs.map((file, i) => [file, inputHashes[i] ?? ''])),
    outputs: Object.fromEntries(outputFiles.map((file) => [file.path, sha256(file.contents)])),
  };
  await writeWhole(join(outDir, stampName), JSON.stringify(next, null, 1));
  return bundles;
}
