import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleK6Scripts, stampName } from '../bundle.ts';
import { runBundle } from '../engine/index.ts';
import { outDirProblem } from '../lib/summary.ts';

const root = resolve(import.meta.dirname, '../..');
const tsc = (project: string) =>
  spawnSync(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', project], { cwd: root, encoding: 'utf8' });

/** Every module specifier an ESM bundle loads: static imports, re-exports, dynamic imports and require calls. */
function specifiers(code: string): string[] {
  const found = [
    ...code.matchAll(/^\s*(?:import|export)\s[^'"]*?\sfrom\s*["']([^"']+)["']/gm),
    ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ...code.matchAll(/(?<!['"\w.$])require\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

describe('k6 bundles', () => {
  let outDir: string;
  let bundles: string[];
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'k6-bundle-'));
    bundles = await bundleK6Scripts(outDir);
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('bundles each script in load/scripts, with a source map beside it that the bundle does not name', async () => {
    expect(bundles.map((b) => b.slice(outDir.length + 1))).toContain('redemption.js');
    for (const bundle of bundles) {
      // k6 loads a named map and warns where it is missing, as in the k6-operator ConfigMap.
      expect(await readFile(bundle, 'utf8')).not.toMatch(/sourceMappingURL/);
      expect(JSON.parse(await readFile(`${bundle}.map`, 'utf8')).version).toBe(3);
    }
  });

  it('leaves bundles made from the same files as they are, and makes them again when a bundle or an input changed', async () => {
    const bundle = join(outDir, 'redemption.js');
    const original = await readFile(bundle, 'utf8');
    const inode = async () => (await stat(bundle)).ino;
    const first = await inode();
    expect(await bundleK6Scripts(outDir)).toEqual(bundles);
    expect(await inode()).toBe(first);
    // A bundle edited by hand is made again.
    await writeFile(bundle, 'export default function () {}');
    await bundleK6Scripts(outDir);
    expect(await readFile(bundle, 'utf8')).toBe(original);
    // An input whose content is not what the stamp says (as after an edit) is bundled again.
    const stampFile = join(outDir, stampName);
    const stamp = JSON.parse(await readFile(stampFile, 'utf8')) as { inputs: Record<string, string> };
    const inputs = Object.keys(stamp.inputs);
    expect(inputs).toContain(join(root, 'load', 'scripts', 'redemption.ts'));
    expect(inputs).toContain(join(root, 'schemas', 'generated', 'validators.js'));
    stamp.inputs[join(root, 'load', 'scripts', 'redemption.ts')] = 'an older content';
    await writeFile(stampFile, JSON.stringify(stamp));
    const before = await inode();
    await bundleK6Scripts(outDir);
    expect(await inode()).not.toBe(before);
    expect(await readFile(bundle, 'utf8')).toBe(original);
  });

  it('a missing OUT_DIR fails the run at init (exit 107), before any load, instead of losing summary.json', async () => {
    const bundle = bundles.find((b) => b.endsWith('redemption.js')) as string;
    const log: string[] = [];
    const missing = join(outDir, 'no-such-folder');
    const r = await runBundle(bundle, {
      outDir: join(outDir, 'engine-out'),
      env: { TARGET_KIND: 'mock', PROFILE: 'smoke', OUT_DIR: missing },
      quiet: true,
      stderr: { write: (s: string) => log.push(s) > 0 } as unknown as NodeJS.WritableStream,
    });
    expect(r.exitCode).toBe(107);
    expect(r.error).toContain(`OUT_DIR ${missing} does not exist and k6 does not create it`);
  });

  it('OUT_DIR is checked only where k6 can check it: absolute, a folder', () => {
    const missing = () => {
      throw new Error('open /x: no such file or directory');
    };
    const folder = () => {
      throw new Error('open() can\'t be used with directories, path: "/x"');
    };
    expect(outDirProblem('/x', missing)).toMatch(/does not exist/);
    expect(outDirProblem('/x', folder)).toBeUndefined();
    expect(outDirProblem('/x', () => 'text')).toMatch(/is a file/);
    expect(outDirProblem('reports/x', missing)).toBeUndefined();
    expect(outDirProblem(undefined, missing)).toBeUndefined();
  });

  it('import nothing but k6 built-ins', async () => {
    for (const bundle of bundles) {
      const code = await readFile(bundle, 'utf8');
      const imports = specifiers(code);
      expect(imports).toContain('k6/http');
      expect(imports.filter((s) => !/^k6(\/[a-z-]+)*$/.test(s))).toEqual([]);
      // esbuild's shim for a require it could not resolve; it would throw inside k6.
      expect(code).not.toContain('Dynamic require of');
    }
  });
});

describe('scripts typecheck against @types/k6 without Node types', () => {
  it('passes for load/scripts and load/lib', () => {
    const result = tsc('load/tsconfig.json');
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails for a script that uses a Node API by mistake', async () => {
    // Inside the repo, so module resolution sees node_modules (and @types/node) as the real scripts do.
    const dir = await mkdtemp(join(root, 'load/test/.tmp-'));
    try {
      await writeFile(
        join(dir, 'bad.ts'),
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync(process.env.F ?? '');\n",
      );
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: '../../tsconfig.json', include: ['bad.ts'] }),
      );
      const result = tsc(join(dir, 'tsconfig.json'));
      expect(result.status).not.toBe(0);
      expect(result.stdout).toMatch(/Cannot find (module 'node:fs'|name 'process')/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
