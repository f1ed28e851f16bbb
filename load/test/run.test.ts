// runLoad's guards; the end-to-end run through runLoad is smoke.test.ts.
import { describe, expect, it } from 'vitest';
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
