// SLOs must visibly fail when a fault pushes the hot path past them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFaultsFile } from '../../mock/faults.ts';
import { runLoad } from '../run.ts';

describe('a smoke run against a mock whose Lock is 600 ms slower (npm run load -- --faults mock/faults/slow-lock.json)', () => {
  it('exits 99 naming the lock latency thresholds, and only those of the steps that slowed', async () => {
    const faultsFile = join(import.meta.dirname, '../../mock/faults/slow-lock.json');
    const result = await runLoad({
      faults: readFaultsFile(faultsFile),
      faultsFile,
      profile: 'smoke',
      engine: 'node',
      env: { RATE: '5', DURATION: '3s' },
      log: () => undefined,
    });
    expect(result.exitCode, result.message).toBe(99);
    expect(result.message).toMatch(/^thresholds failed: /);
    expect(result.message).toContain('http_req_duration{name:lock} p(95)<250');
    expect(result.message).toContain('http_req_duration{name:lock} p(99)<500');
    expect(result.message).not.toContain('{name:lookup}');
    expect(result.message).not.toContain('{name:redeem}');
    // What the reports are given says what the run was: the faults (file and rules) and the integrity verdict.
    expect(result.report?.faults).toMatchObject({ file: faultsFile, rules: readFaultsFile(faultsFile).rules });
    expect(result.report?.integrity).toMatchObject({ ok: true, locksLeft: 0 });
    expect(result.report?.integrity?.expectedRedemptions).toBeGreaterThan(0);
    expect(result.report?.integrity?.recordedRedemptions).toBe(result.report?.integrity?.expectedRedemptions);
  });
});

describe('a smoke run against a mock that rate-limits 5% of Lookups (mock/faults/rate-limited.json)', () => {
  it('still sets up, asking again after a 429, and accounts for every offer it issued', async () => {
    const result = await runLoad({
      faults: readFaultsFile(join(import.meta.dirname, '../../mock/faults/rate-limited.json')),
      profile: 'smoke',
      engine: 'node',
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
