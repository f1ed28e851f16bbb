// SLOs must visibly fail when a fault pushes the hot path past them.
import { mkdtemp, rm } from 'node:fs/promises';
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
    const result = await runLoad({
      faults: readFaultsFile(join(import.meta.dirname, '../../mock/faults/slow-lock.json')),
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
  });
});
