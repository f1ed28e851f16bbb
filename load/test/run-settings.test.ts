import { readFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { collectSettings, redactTarget } from '../run-settings.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('collectSettings', () => {
  it('adds versions and the machine, and keeps what the caller gave', () => {
    const s = collectSettings({ profile: 'smoke', engine: 'node', versions: { k6: 'v1.0.0' } });
    expect(s.profile).toBe('smoke');
    expect(s.versions).toMatchObject({ node: process.version, suite: pkg.version, k6: 'v1.0.0' });
    expect(s.versions?.undici).toMatch(/^\d+\.\d+\.\d+/);
    expect(s.machine).toMatchObject({ cpus: os.cpus().length, os: expect.stringContaining(os.type()) });
  });

  it('strips credentials and the query from the target', () => {
    expect(collectSettings({ target: 'https://user:s3cret@api.example.test/base?api_key=k#x' }).target).toBe(
      'https://api.example.test/base',
    );
    expect(redactTarget('user:pw@host:8080')).toBe('host:8080');
    expect(redactTarget('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010/');
  });
});
