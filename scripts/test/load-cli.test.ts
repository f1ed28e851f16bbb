import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'load-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/load.ts', ...args], { cwd: root, encoding: 'utf8' });

describe('npm run load: bad options exit 2 with a message, before anything runs', () => {
  it('names the field of a bad faults file', () => {
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ rules: [{ route: 'lockUserOffer', latency: { kind: 'fixed' } }] }));
    const run = load('--faults', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`--faults ${file}: .*/rules/0/latency`));
  });

  it('refuses faults for a target it does not start', () => {
    const run = load('--faults', join(dir, 'none.json'), '--target', 'http://127.0.0.1:9');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--faults applies to the embedded mock, not to --target/);
  });

  it('refuses a second output folder', () => {
    const run = load('--out', join(dir, 'a'), '--out', join(dir, 'b'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out DIR given 2 times/);
  });
});
