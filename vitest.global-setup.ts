// Before any test file: one temporary folder for what the tests' commands write by default (pacts, k6 bundles),
// so contracts/pacts and dist/ are written only by the commands a user runs. The pacts are written here once, by
// the same consumer interactions `npm run pacts` runs; every test that needs pacts reads them. (contracts.test.ts
// writes and checks its own.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePacts } from './contracts/generate.ts';

export default async function setup(): Promise<() => void> {
  const scratch = mkdtempSync(join(tmpdir(), 'suite-test-'));
  const pactDir = join(scratch, 'pacts');
  // Inherited by every test worker, and by the commands the tests start.
  process.env.PACT_DIR = pactDir;
  process.env.BUNDLE_DIR = join(scratch, 'k6');
  const failures: string[] = [];
  if ((await generatePacts((line) => failures.push(line), pactDir)) !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`the consumer interactions that write the pacts failed:\n${failures.join('\n')}`);
  }
  return () => rmSync(scratch, { recursive: true, force: true });
}
