// Bundles for the bench: its k6 script (options as load/bundle.ts's for the project's k6 scripts) and the
// generator and server children, so each run starts in a fraction of a second rather than through tsx.
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { externals } from '../load/bundle.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'dist', 'bench');

export async function bundleBenchScript(name: string): Promise<string> {
  const outfile = join(outDir, `${name}.js`);
  await build({
    entryPoints: [join(root, 'bench', 'k6', `${name}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: externals,
    logLevel: 'warning',
  });
  return outfile;
}

/** Children without file lookups relative to their source (the mock's schemas are; it stays on tsx). */
export const children = ['engine-child', 'autocannon-child', 'serve'] as const;

export async function bundleChildren(): Promise<void> {
  await build({
    entryPoints: children.map((name) => join(root, 'bench', `${name}.ts`)),
    outdir: join(outDir, 'children'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

export const childPath = (name: (typeof children)[number]) => join(outDir, 'children', `${name}.mjs`);
