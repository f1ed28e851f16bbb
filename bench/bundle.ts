// Bundles for the bench: its k6 script (options as load/bundle.ts's for the project's k6 scripts) and the
// generator and server children, so each run starts in a fraction of a second rather than through tsx.
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
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

/** The bench's Node children: one ESM file each, npm packages left to node_modules. */
const childOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
} as const;

export async function bundleChildren(): Promise<void> {
  await build({
    ...childOptions,
    entryPoints: children.map((name) => join(root, 'bench', `${name}.ts`)),
    outdir: join(outDir, 'children'),
    outExtension: { '.js': '.mjs' },
  });
}

export const childPath = (name: (typeof children)[number]) => join(outDir, 'children', `${name}.mjs`);

/** A --baseline REF that cannot be checked out or bundled: said in one line. */
export class BaselineRefError extends Error {
  override name = 'BaselineRefError';
}

/**
 * The engine child as it is at git REF (e.g. main): that commit's tree (`git archive`, whatever the engine imports
 * from outside load/engine) in dist/bench/baseline/, its bench/engine-child.ts bundled beside the current children.
 * Its npm packages resolve from this checkout's node_modules.
 */
export async function bundleBaselineChild(ref: string): Promise<string> {
  const safe = ref.replace(/[^\w.-]+/g, '_');
  const src = join(outDir, 'baseline', safe);
  await rm(src, { recursive: true, force: true });
  await mkdir(src, { recursive: true });
  let tar: Buffer;
  try {
    tar = execFileSync('git', ['archive', '--format=tar', ref], {
      cwd: root,
      maxBuffer: 256 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const said = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new BaselineRefError(`--baseline ${ref}: ${said.split('\n')[0] || 'git archive failed'}`);
  }
  execFileSync('tar', ['-x', '-C', src], { input: tar });
  const outfile = join(outDir, 'children', `engine-child-${safe}.mjs`);
  try {
    await build({ ...childOptions, entryPoints: [join(src, 'bench', 'engine-child.ts')], outfile, logLevel: 'silent' });
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0]?.text ?? (error as Error).message;
    throw new BaselineRefError(`--baseline ${ref}: its engine does not bundle: ${first}`);
  }
  return outfile;
}
