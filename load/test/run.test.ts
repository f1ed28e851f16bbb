import { describe, expect, it } from 'vitest';
import type { K6Summary } from '../results.ts';
import { runLoad } from '../run.ts';

const quiet = () => undefined;

describe('runLoad guards', () => {
  it('refuses a non-loopback target without --yes, after printing the rate it would send', async () => {
    const lines: string[] = [];
    const result = await runLoad({
      target: 'https://sessionm.invalid',
      profile: 'stress',
      env: {},
      log: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(2);
    expect(result.message).toMatch(/^refusing to send to https:\/\/sessionm\.invalid without --yes/);
    expect(lines.join('\n')).toMatch(/stress .*0→400 flows\/s \(peak\).*1200 requests\/s/);
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
  let summary: K6Summary | undefined;

  it('runs, returns what its reports show and finds the mock redeemed exactly the flows that ended redeemed', async () => {
    const result = await runLoad({
      profile: 'smoke',
      engine: 'node',
      env: { RATE: '10', DURATION: '2s' },
      log: quiet,
    });
    expect(result.exitCode, result.message).toBe(0);
    expect(result.message).toBe('all thresholds held');
    summary = result.summary;
    expect(result.report).toMatchObject({ summary, timeseries: result.timeseries, settings: result.settings });
    expect(result.timeseries?.t.length).toBeGreaterThan(0);
    expect(result.reconciliation?.flowsRedeemed).toBeGreaterThanOrEqual(15);
    expect(result.reconciliation?.mockRedemptions).toBe(result.reconciliation?.flowsRedeemed);
  }, 90_000);

  it('fails with 99 and names the regressions when the run is slower than its baseline', async () => {
    const fast: K6Summary = structuredClone(summary as K6Summary);
    for (const m of Object.values(fast.metrics)) {
      if (m.type === 'trend') for (const stat of Object.keys(m.values)) m.values[stat] = 0.001;
    }
    const result = await runLoad({
      profile: 'smoke',
      engine: 'node',
      baseline: { summary: fast, source: 'a faster run' },
      env: { RATE: '10', DURATION: '1s' },
      log: quiet,
    });
    expect(result.exitCode).toBe(99);
    expect(result.message).toMatch(/^slower than the baseline: .*lock p95/);
    expect(result.baseline).toMatchObject({ ok: false, source: 'a faster run' });
  }, 90_000);
});
