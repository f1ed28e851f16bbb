// The engine's esbuild output is taken from the cache only for the very bundle it was made from, and a cache that
// cannot be written never stops a run.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCache } from '../compile-cache.ts';
import { compileBundle } from '../loader.ts';

const scratch = mkdtempSync(join(tmpdir(), 'compile-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Compiles `code` as the bundle at `bundle` and returns what its module exports. */
async function exportsOf(code: string, bundle: string, cacheDir: string): Promise<Record<string, unknown>> {
  const compiled = await compileBundle(code, bundle, {}, [], '', compileCache(cacheDir));
  const wrapper = compiled.script.runInThisContext() as (modules: object) => Record<string, unknown>;
  return wrapper({});
}

const script = (n: number) => `export const n = ${n};\nexport default function () {}\n`;
const cached = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.js'));

describe('the compile cache', () => {
  it('serves the same bundle from the cache, and any other bundle afresh', async () => {
    const dir = join(scratch, 'served');
    const bundle = join(scratch, 'a.js');
    expect((await exportsOf(script(1), bundle, dir)).n).toBe(1);
    const [entry] = cached(dir);
    expect(entry).toMatch(/^[0-9a-f]{64}\.js$/);
    // What the cache holds is what runs: a planted entry proves the second compile read it.
    writeFileSync(join(dir, entry as string), 'var __k6_exports__ = { planted: true };');
    expect(await exportsOf(script(1), bundle, dir)).toEqual({ planted: true });
    // Another script, or the same one under another file name, is compiled from its own text.
    expect((await exportsOf(script(2), bundle, dir)).n).toBe(2);
    expect((await exportsOf(script(1), join(scratch, 'b.js'), dir)).n).toBe(1);
    // The same bundle in another folder is the same compile: the output does not depend on the folder.
    expect(await exportsOf(script(1), join(scratch, 'elsewhere', 'a.js'), dir)).toEqual({ planted: true });
    expect(cached(dir)).toHaveLength(3);
  });

  it('keeps nothing for a bundle that pulls in a file of its own', async () => {
    const dir = join(scratch, 'own-files');
    writeFileSync(join(scratch, 'helper.js'), 'export const h = 7;\n');
    const code = `import { h } from './helper.js';\nexport const n = h;\nexport default function () {}\n`;
    expect((await exportsOf(code, join(scratch, 'c.js'), dir)).n).toBe(7);
    expect(readdirSync(scratch)).not.toContain('own-files');
  });

  it('compiles as ever when the cache cannot be written', async () => {
    const blocked = join(scratch, 'not-a-folder');
    writeFileSync(blocked, '');
    expect((await exportsOf(script(3), join(scratch, 'd.js'), join(blocked, 'cache'))).n).toBe(3);
  });

  it('keeps only the newest entries', async () => {
    const dir = join(scratch, 'pruned');
    const cache = compileCache(dir, 2);
    // Aged by hand: k1 the oldest, k2 next; k3, written last, makes three.
    await cache.put('k1', '// k1');
    utimesSync(join(dir, 'k1.js'), 1000, 1000);
    await cache.put('k2', '// k2');
    utimesSync(join(dir, 'k2.js'), 2000, 2000);
    await cache.put('k3', '// k3');
    expect(cached(dir).sort()).toEqual(['k2.js', 'k3.js']);
    expect(await cache.get('k3')).toBe('// k3');
    expect(await cache.get('k1')).toBeUndefined();
  });
});
