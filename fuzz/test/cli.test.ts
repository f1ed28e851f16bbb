import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { nodeEntry } from '../../client/node-entry.ts';

const root = resolve(import.meta.dirname, '../..');
const fuzz = (args: string[]) =>
  spawnSync(process.execPath, [...nodeEntry('scripts/fuzz.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SESSIONM_API_KEY: basicCredential(defaults.clientId, 'cli-secret-key') },
  });

describe('npm run fuzz', () => {
  it('refuses a non-loopback target without --yes, before sending anything, with exit code 2', () => {
    const result = fuzz(['--target', 'https://127.0.0.1.example.invalid', '--cases', '5']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('refusing to send to https://127.0.0.1.example.invalid without --yes');
    expect(result.stderr).toContain('5 malformed requests at 20 req/s');
    expect(result.stdout).not.toContain('seed');
    expect(result.stdout + result.stderr).not.toContain('cli-secret-key');
  });

  it('rejects bad arguments with exit code 2 and the usage', () => {
    const result = fuzz(['--cases', 'lots']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run fuzz');
  });
});
