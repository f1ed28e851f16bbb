// Before any test file: one temporary folder for what the tests' commands write by default (pacts, k6 bundles),
// so contracts/pacts and dist/ are written only by the commands a user runs. The pacts are written here once, by
// the same consumer interactions `npm run pacts` runs; every test that needs pacts reads them. (contracts.test.ts
// writes and checks its own.) The engine and verifier children, and most commands the tests start, run from esbuild
// bundles (CHILD_BUNDLE_DIR) instead of through tsx's loader, which costs each process about 0.45 s of CPU at start.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { generatePacts } from './contracts/generate.ts';

const root = import.meta.dirname;
/** The children the suite itself starts (the engine, the verifier), their packages bundled in. */
const childEntries = ['load/engine/cli.ts', 'contracts/provider/worker.ts'];
/** The other files the tests start: those package.json's commands run (`tsx FILE`), and one test child. */
const commandEntries = Object.values(
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
)
  .flatMap((line) => /(?:tsx|--import tsx) (\S+\.ts)/.exec(line)?.[1] ?? [])
  .filter((entry) => !childEntries.includes(entry))
  .concat('contracts/test/document-answers.ts');
/** These know they were started as the main module by their own import.meta.url: it stays the bundle's. */
const mainChecks = new Set(['load/engine/cli.ts', 'load/deploy/k6-operator/pack.ts'].map((file) => join(root, file)));

/** A module that finds files from its own location (root, schemas/, contracts/pacts) keeps finding them. */
const keepModuleLocations: Plugin = {
  name: 'keep-module-locations',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      if (!mainChecks.has(args.path)) {
        contents = contents
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
      }
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Every package stays external (found through the link to node_modules), as a user's run loads it, but these:
 * pure JavaScript that most commands load, from many files (undici's parts the transport loads: 25).
 */
const bundledPackages = ['undici'];
const packagesExternalBut: Plugin = {
  name: 'packages-external-but',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      return bundledPackages.includes(name as string) ? undefined : { path: args.path, external: true };
    });
  },
};

/** For the CommonJS packages bundled into ESM: their require() of Node's modules. */
const requireBanner = {
  js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
};

// Each bundle stands at its source's path under the folder (client/node-entry.ts finds it there).
const common = {
  bundle: true,
  outbase: root,
  outExtension: { '.js': '.mjs' },
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [keepModuleLocations],
  logLevel: 'warning',
} satisfies BuildOptions;

function bundleChildren(dir: string): Promise<unknown> {
  return Promise.all([
    build({
      ...common,
      entryPoints: childEntries.map((entry) => join(root, entry)),
      outdir: dir,
      // Pact (its native verifier) and esbuild find their binaries from their own folders: they stay external.
      // The other packages are bundled: fewer files to load.
      external: ['esbuild', '@pact-foundation/*'],
      banner: requireBanner,
    }),
    // The commands load what they import lazily (past --help, past the argument checks) lazily still: each dynamic
    // import is a chunk of its own.
    build({
      ...common,
      entryPoints: commandEntries.map((entry) => join(root, entry)),
      outdir: dir,
      plugins: [keepModuleLocations, packagesExternalBut],
      banner: requireBanner,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    }),
  ]);
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Where NODE_EXTRA_CA_CERTS names a CA bundle (this machine's environment sets the system's), every node process
  // parses it as it starts: 0.07 s of CPU each, and the suite starts over a hundred. The tests' processes speak to
  // loopback only, none of them through TLS that needs it; the workers and every child inherit its absence.
  delete process.env.NODE_EXTRA_CA_CERTS;
  const scratch = mkdtempSync(join(tmpdir(), 'suite-test-'));
  const pactDir = join(scratch, 'pacts');
  // Inherited by every test worker, and by the commands the tests start.
  process.env.PACT_DIR = pactDir;
  process.env.BUNDLE_DIR = join(scratch, 'k6');
  const childDir = join(scratch, 'children');
  mkdirSync(childDir);
  // Their packages are found through a link to the project's node_modules.
  symlinkSync(join(root, 'node_modules'), join(childDir, 'node_modules'), 'dir');
  const failures: string[] = [];
  // Side by side: esbuild works in its own process while the consumer interactions run here.
  const [, pactsCode] = await Promise.all([
    bundleChildren(childDir),
    generatePacts((line) => failures.push(line), pactDir),
  ]);
  // In watch mode, each rerun's children run the code as it is now.
  project.onTestsRerun(() => bundleChildren(childDir).then(() => undefined));
  process.env.CHILD_BUNDLE_DIR = childDir;
  if (pactsCode !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`the consumer interactions that write the pacts failed:\n${failures.join('\n')}`);
  }
  return () => rmSync(scratch, { recursive: true, force: true });
}
