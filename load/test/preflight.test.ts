// What npm run load and npm start check before anything starts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLoadEnv, PreflightError, prepareJsonOut } from '../preflight.ts';

const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkLoadEnv', () => {
  const mock = { live: false };

  it('passes the defaults, and names the first bad variable the script would choke on', () => {
    expect(() => checkLoadEnv({}, mock)).not.toThrow();
    expect(() => checkLoadEnv({ RATE: '-5' }, mock)).toThrow('RATE must be a positive number, got "-5"');
    expect(() => checkLoadEnv({ DURATION: 'forever' }, mock)).toThrow(/^DURATION must be a duration/);
    expect(() => checkLoadEnv({ LATENCY_MS: '0' }, mock)).toThrow(/^LATENCY_MS/);
    expect(() => checkLoadEnv({ SLO_LOCK_P95_MS: 'fast' }, mock)).toThrow(
      'SLO_LOCK_P95_MS must be a positive number, got "fast"',
    );
    expect(() => checkLoadEnv({ SLO_CHECKS_RATE: '2' }, mock)).toThrow(/SLO_CHECKS_RATE is a share between 0 and 1/);
    expect(() => checkLoadEnv({ PROFILE: 'party' }, mock)).toThrow(/^PROFILE must be one of/);
    expect(() => checkLoadEnv({ TARGET_KIND: 'staging' }, mock)).toThrow(
      'TARGET_KIND must be mock or live, got "staging"',
    );
    expect(() => checkLoadEnv({ INSTANCES: '1.5' }, mock)).toThrow(/^INSTANCES must be a whole number above 0/);
    expect(() => checkLoadEnv({ SETUP_CONCURRENCY: '0' }, mock)).toThrow(/^SETUP_CONCURRENCY/);
    expect(() => checkLoadEnv({ RATE: '-5' }, mock)).toThrow(PreflightError);
  });

  it('asks a live target for a readable MEMBERS_FILE and good SESSIONM_* values', () => {
    const members = join(dir, 'members.json');
    writeFileSync(members, '[]');
    expect(() => checkLoadEnv({}, { live: true })).toThrow(/a live target needs MEMBERS_FILE/);
    expect(() => checkLoadEnv({ MEMBERS_FILE: join(dir, 'none.json') }, { live: true })).toThrow(/cannot be read/);
    expect(() => checkLoadEnv({ MEMBERS_FILE: members }, { live: true })).not.toThrow();
    expect(() => checkLoadEnv({ MEMBERS_FILE: members, SESSIONM_STORE_ID: 'store-1' }, { live: true })).toThrow(
      /SESSIONM_STORE_ID must be a uuid/,
    );
    // Against the mock every SESSIONM_* is pinned by the run: nothing to check.
    expect(() => checkLoadEnv({ SESSIONM_STORE_ID: 'store-1' }, mock)).not.toThrow();
  });
});

describe('prepareJsonOut', () => {
  it('creates the folder of a new path before the run', () => {
    const file = join(dir, 'new', 'deeper', 'points.jsonl');
    expect(prepareJsonOut(file)).toBe(file);
    expect(existsSync(join(dir, 'new', 'deeper'))).toBe(true);
  });

  it('refuses a folder, or a path under a file, with what is wrong', () => {
    expect(() => prepareJsonOut(dir)).toThrow(/is a folder: give a file name/);
    const plain = join(dir, 'plain');
    writeFileSync(plain, 'x');
    expect(() => prepareJsonOut(join(plain, 'x', 'points.jsonl'))).toThrow(`${plain} is a file, not a folder`);
  });
});
