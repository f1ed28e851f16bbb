// How every command ends: a user's mistake in one line with exit 2, a bug with its trace, labelled, exit 70.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../client/config.ts';
import { PreflightError } from '../../load/preflight.ts';
import { BaselineError } from '../../reporting/baseline.ts';
import { reportError, UsageError } from '../cli.ts';

const printed = () => {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args) => {
    lines.push(args.join(' '));
  });
  return lines;
};
afterEach(() => vi.restoreAllMocks());

describe('reportError', () => {
  it("gives a user's mistake one line and exit 2, the usage under a UsageError", () => {
    for (const error of [
      new ConfigError('SESSIONM_BASE_URL must be an http(s) URL'),
      new PreflightError('RATE must be a positive number, got "-5"'),
      new BaselineError('x: no such run folder or summary.json'),
    ]) {
      const lines = printed();
      expect(reportError('load', error)).toBe(2);
      expect(lines).toEqual([`load: ${error.message}`]);
      vi.restoreAllMocks();
    }
    const lines = printed();
    expect(reportError('load', new UsageError('--bogus', 'usage: npm run load'))).toBe(2);
    expect(lines).toEqual(['load: --bogus\nusage: npm run load']);
  });

  it('labels anything else as a bug of the suite, with its stack trace, exit 70', () => {
    const lines = printed();
    expect(reportError('verify', new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(70);
    expect(lines[0]).toBe(
      'verify: internal error, a bug in the suite (not in your input); please report it with this trace:',
    );
    expect(lines[1]).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'x'\)\n\s+at /);
  });
});
