// How the project starts one of its own TypeScript files in a child node: through tsx, as npm runs it, or from a
// prebuilt bundle of it under CHILD_BUNDLE_DIR (the tests' global setup builds them once: tsx's loader costs each
// process about 0.45 s of CPU at start).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsx = import.meta.resolve('tsx');

/** Where the bundle of `file` (relative to the root) stands under `dir`. */
export const bundlePath = (dir: string, file: string) => join(dir, file.replace(/\.ts$/, '.mjs'));

/** node's arguments that run `file` (relative to the root), before the file's own: its bundle, else tsx and it. */
export function nodeEntry(file: string): string[] {
  const dir = process.env.CHILD_BUNDLE_DIR;
  const bundled = dir ? bundlePath(dir, file) : undefined;
  return bundled && existsSync(bundled) ? [bundled] : ['--import', tsx, resolve(root, file)];
}
