// How the tests start a command of package.json in a child: from the bundle vitest.global-setup.ts built of it
// (CHILD_BUNDLE_DIR/commands), else through tsx as npm runs it. scripts/test/failfast.test.ts's --help check starts every command
// through tsx, so the package.json lines themselves stay covered.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = import.meta.dirname;
const tsx = import.meta.resolve('tsx');

/** node's arguments that run `file` (relative to the root), before the command's own arguments. */
export function commandArgs(file: string): string[] {
  const dir = process.env.CHILD_BUNDLE_DIR;
  const bundled = dir && join(dir, 'commands', file.replace(/\.ts$/, '.mjs'));
  return bundled && existsSync(bundled) ? [bundled] : ['--import', tsx, resolve(root, file)];
}
