import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopback, runLoad } from '../run.ts';

const quiet = () => undefined;

describe('runLoad guards', () => {
  it('knows loopback targets', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost', 'http://[::1]:9000', 'http://127.1.2.3']) {
      expect(isLoopback(new URL(url))).toBe(true);
    }
    for (const url of ['https://pos-client.stg-sessionm.com', 'http://10.0.0.5', 'http://localhost.example.com']) {
      expect(isLoopback(new URL(url))).toBe(false);
    }
  });

  it('refuses a non-loopback target without --yes, saying the rate it would send', async () => {
    const result = await runLoad({ target: 'https://sessionm.invalid', profile: 'stress', env: {}, log: quiet });
    expect(result.exitCode).toBe(2);
    expect(result.message).toMatch(
      /^refusing without --yes: stress .*0→400 flows\/s \(peak\).*1200 requests\/s.*sessionm\.invalid/,
    );
  });

  it('rejects a bad profile, engine or target with exit code 2 and a message', async () => {
    expect(await runLoad({ profile: 'party', env: {}, log: quiet })).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/PROFILE must be one of/),
    });
    expect(await runLoad({ engine: 'jmeter' as never, env: {}, log: quiet })).toMatchObject({ exitCode: 2 });
    expect(await runLoad({ target: 'ftp://127.0.0.1', env: {}, log: quiet })).toMatchObject({ exitCode: 2 });
  });
});

describe('runLoad against the embedded mock', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs, writes summary.json and finds the mock redeemed exactly the flows that ended redeemed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-run-'));
    const result = await runLoad({
      profile: 'smoke',
      engine: 'node',
      outDir: dir,
      env: { RATE: '10', DURATION: '2s' },
      log: quiet,
    });
    expect(result.exitCode, result.message).toBe(0);
    expect(result.message).toBe('all thresholds held');
    expect((await stat(join(dir, 'summary.json'))).isFile()).toBe(true);
    expect(result.reconciliation?.flowsRedeemed).toBeGreaterThanOrEqual(15);
    expect(result.reconciliation?.mockRedemptions).toBe(result.reconciliation?.flowsRedeemed);
  }, 90_000);
});
