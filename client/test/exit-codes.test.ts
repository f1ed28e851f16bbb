import { describe, expect, it } from 'vitest';
import { childExitCode, exitCodes, runExitCode } from '../exit-codes.ts';

describe('exitCodes', () => {
  it("holds the suite's codes and k6 v1.8.1's (errext/exitcodes/codes.go)", () => {
    expect(exitCodes).toEqual({
      ok: 0,
      failed: 1,
      refused: 2,
      bug: 70,
      thresholdsFailed: 99,
      setupTimeout: 100,
      teardownTimeout: 101,
      engineError: 103,
      invalidConfig: 104,
      scriptException: 107,
      scriptAborted: 108,
      markedAsFailed: 110,
      interrupted: 130,
    });
  });

  it('counts a child that a signal ended as interrupted', () => {
    expect(childExitCode(99, null)).toBe(99);
    expect(childExitCode(null, 'SIGTERM')).toBe(130);
    expect(childExitCode(null, null)).toBe(1);
  });
});

describe('runExitCode: one code when several checks fail', () => {
  it.each([
    ['all held', { runExitCode: 0, correctnessFailed: false }, 0],
    ['a threshold failed', { runExitCode: 99, correctnessFailed: false }, 99],
    ['the baseline regressed', { runExitCode: 0, correctnessFailed: false, baselineRegressed: true }, 99],
    ['integrity failed alone', { runExitCode: 0, correctnessFailed: true }, 1],
    ['integrity failed and a threshold too: correctness first', { runExitCode: 99, correctnessFailed: true }, 1],
    [
      'integrity failed and the baseline regressed',
      { runExitCode: 0, correctnessFailed: true, baselineRegressed: true },
      1,
    ],
    ['a script error with integrity failed: the run that broke', { runExitCode: 107, correctnessFailed: true }, 107],
    ['set-up aborted', { runExitCode: 108, correctnessFailed: false, baselineRegressed: true }, 108],
    ['test.fail()', { runExitCode: 110, correctnessFailed: false }, 110],
    ['a signal', { runExitCode: 130, correctnessFailed: true }, 130],
  ])('%s', (_, checks, code) => {
    expect(runExitCode(checks)).toBe(code);
  });
});
