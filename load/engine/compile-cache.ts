// The engine re-bundles a k6 bundle with esbuild before every run (loader.ts), the same bundle again and again.
// That output depends only on what goes into the key (the bundle, its file name, the k6 modules' export names, esbuild's
// version and loader.ts itself), so it is kept under that hash. A bundle that pulls in files of its own is never
// kept: their contents are not in the key.
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sha256, writeWhole } from '../files.ts';

export interface CompileCache {
  get(key: string): Promise<string | undefined>;
  put(key: string, js: string): Promise<void>;
}

/** Where the engine keeps its compiled bundles: beside other tools' caches, emptied by `npm ci`. */
export const defaultCacheDir = resolve(import.meta.dirname, '../../node_modules/.cache/k6-engine');

export const cacheKey = (parts: readonly unknown[]): string => sha256(JSON.stringify(parts));

/**
 * A folder of compiled bundles by key; the `keep` newest stay. It only ever saves work: a folder that cannot be
 * read or written means compiling each time, never an error.
 */
export function compileCache(dir: string, keep = 64): CompileCache {
  const file = (key: string) => join(dir, `${key}.js`);
  const prune = async () => {
    const names = (await readdir(dir)).filter((n) => n.endsWith('.js'));
    if (names.length <= keep) return;
    const aged = await Promise.all(names.map(async (n) => ({ n, at: (await stat(join(dir, n))).mtimeMs })));
    aged.sort((a, b) => b.at - a.at);
    await Promise.all(aged.slice(keep).map(({ n }) => unlink(join(dir, n)).catch(() => undefined)));
  };
  return {
    get: (key) => readFile(file(key), 'utf8').catch(() => undefined),
    async put(key, js) {
      try {
        await mkdir(dir, { recursive: true });
        // Engines running side by side may read it while it is written.
        await writeWhole(file(key), js);
        await prune();
      } catch {
        // Not kept: the next run compiles again.
      }
    },
  };
}
