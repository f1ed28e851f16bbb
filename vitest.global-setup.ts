// Before any test file: one temporary folder for what the tests' commands write by default (pacts, k6 bundles),
// so contracts/pacts and dist/ are written only by the commands a user runs. The pacts are written here once, by
// the same consumer interactions `npm run pacts` runs; every test that needs pacts reads them. (contracts.test.ts
// writes and checks its own.) The engine and verifier children the tests start run from one esbuild bundle each
// (CHILD_BUNDLE_DIR) instead of through tsx's loader, which costs each child about 0.5 s of CPU at start.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { generatePacts } from './contracts/generate.ts';

const root = import.meta.dirname;
const childEntries = { engine: 'load/engine/cli.ts', 'verify-worker': 'contracts/provider/worker.ts' };

/** A module that finds files from its own location (schemas/, contracts/pacts) keeps finding them from the bundle. */
const keepModuleLocations: Plugin = {
  name: 'keep-module-locations',
  setup(b) {
    const entries = new Set(Object.values(childEntries).map((entry) => resolve(root, entry)));
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      // An entry's own import.meta.url stays the bundle's: it is how the CLI knows it was started as the main module.
      if (!entries.has(args.path)) {
        contents = contents
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
      }
      return { contents, loader: 'ts' };
    });
  },
};

async function bundleChildren(dir: string): Promise<void> {
  // Pact (its native verifier) and esbuild find their binaries from their own folders: they stay external, found
  // through a link to the project's node_modules. The other packages are bundled: fewer files to load.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await build({
    entryPoints: Object.fromEntries(Object.entries(childEntries).map(([name, entry]) => [name, join(root, entry)])),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['esbuild', '@pact-foundation/*'],
    // For the CommonJS packages bundled into ESM: their require() of Node's modules.
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
    },
    plugins: [keepModuleLocations],
    logLevel: 'warning',
  });
}

export default async function setup(): Promise<() => void> {
  const scratch = mkdtempSync(join(tmpdir(), 'suite-test-'));
  const pactDir = join(scratch, 'pacts');
  // Inherited by every test worker, and by the commands the tests start.
  process.env.PACT_DIR = pactDir;
  process.env.BUNDLE_DIR = join(scratch, 'k6');
  const childDir = join(scratch, 'children');
  mkdirSync(childDir);
  await bundleChildren(childDir);
  process.env.CHILD_BUNDLE_DIR = childDir;
  const failures: string[] = [];
  if ((await generatePacts((line) => failures.push(line), pactDir)) !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`the consumer interactions that write the pacts failed:\n${failures.join('\n')}`);
  }
  return () => rmSync(scratch, { recursive: true, force: true });
}
