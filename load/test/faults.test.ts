// SLOs must visibly fail when a fault pushes the hot path past them.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFaultsFile } from '../../mock/faults.ts';
import { runLoad } from '../run.ts';

describe('a smoke run against a mock whose Lock is 600 ms slower (npm run load -- --faults mock/faults/slow-lock.json)', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 99 naming the lock latency thresholds, and only those of the steps that slowed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-faults-'));
    const faultsFile = join(import.meta.dirname, '../../mock/faults/slow-lock.json');
    const result = await runLoad({
      faults: readFaultsFile(faultsFile),
      faultsFile,
      profile: 'smoke',
      engine: 'node',
      outDir: dir,
      env: { RATE: '5', DURATION: '3s' },
      log: () => undefined,
    });
    expect(result.exitCode, result.message).toBe(99);
    expect(result.message).toMatch(/^thresholds failed: /);
    expect(result.message).toContain('http_req_duration{name:lock} p(95)<250');
    expect(result.message).toContain('http_req_duration{name:lock} p(99)<500');
    expect(result.message).not.toContain('{name:lookup}');
    expect(result.message).not.toContain('{name:redeem}');
    // The reports say what the run was: the faults (file and rules) and the integrity verdict.
    const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8'));
    expect(run.faults).toMatchObject({ file: faultsFile, rules: readFaultsFile(faultsFile).rules });
    expect(run.integrity).toMatchObject({ ok: true, locksLeft: 0 });
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain(`**Injected faults:** 1 fault rule from ${faultsFile}`);
    expect(md).toMatch(/integrity: passed: \d+ flows redeemed, the mock recorded \d+ redemptions/);
  });
});

describe('a smoke run against a mock that rate-limits 5% of Lookups (mock/faults/rate-limited.json)', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('still sets up, asking again after a 429, and accounts for every offer it issued', async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-faults-'));
    const result = await runLoad({
      faults: readFaultsFile(join(import.meta.dirname, '../../mock/faults/rate-limited.json')),
      profile: 'smoke',
      engine: 'node',
      outDir: dir,
      env: { RATE: '20', DURATION: '2s' },
      log: () => undefined,
    });
    // 99: the rate-limited hot-path Lookups fail their SLOs; set-up itself got through (108 otherwise).
    expect(result.exitCode, result.message).toBe(99);
    // 20 flows/s at the 1.5 s p99: 30 members, 2 background offers each. The rule's draws are seeded and set-up's
    // Lookups are the mock's first, so the same ones get 429 every run, and set-up asks those again.
    const m = result.summary?.metrics ?? {};
    expect(m.redemption_background_offers?.values.count).toBe(60);
    expect(m['http_reqs{phase:setup}']?.values.count).toBeGreaterThan(4 + 30 + 60);
    expect(result.integrity).toEqual([]);
  });
});
