import { describe, expect, it } from 'vitest';
import { planFromArgs, readOnlyOperations, UsageError } from '../plan.ts';

const ids = (args: string[]) => planFromArgs(args).operations.map((op) => op.operationId);

describe('planFromArgs', () => {
  it('against the embedded mock: every operation, 10,000 cases, no rate limit', () => {
    const plan = planFromArgs(['--seed', '7']);
    expect(plan).toMatchObject({ seed: 7, cases: 10_000, concurrency: 8, yes: false });
    expect(plan.target).toBeUndefined();
    expect(plan.rate).toBeUndefined();
    expect(plan.operations).toHaveLength(8);
  });

  it('against a target: read-only operations at 20 req/s, 1,000 cases', () => {
    const plan = planFromArgs(['--target', 'https://api.example.com/', '--yes']);
    expect(plan).toMatchObject({ target: 'https://api.example.com', rate: 20, cases: 1000, yes: true });
    expect(ids(['--target', 'https://api.example.com']).sort()).toEqual([...readOnlyOperations].sort());
  });

  it('sends writes to a target only with --include-writes', () => {
    expect(() => planFromArgs(['--target', 'https://x.example', '--operations', 'fetchOffer,lockUserOffer'])).toThrow(
      /lockUserOffer change state at the target/,
    );
    expect(ids(['--target', 'https://x.example', '--include-writes'])).toHaveLength(8);
    expect(ids(['--target', 'https://x.example', '--operations', 'lockUserOffer', '--include-writes'])).toEqual([
      'lockUserOffer',
    ]);
  });

  it('replays single cases and takes explicit limits', () => {
    expect(planFromArgs(['--seed', '1', '--case', '5', '--case', '9', '--rate', '3', '--cases', '50'])).toMatchObject({
      only: [5, 9],
      rate: 3,
      cases: 50,
    });
  });

  it('keeps what a replay needs to send the same cases to the same target, without credentials', () => {
    expect(planFromArgs(['--seed', '3']).replayArgs).toEqual([]);
    expect(
      planFromArgs([
        '--target',
        'https://user:pw@api.example.com/base/?x=1',
        '--operations',
        'fetchOffer, lockUserOffer',
        '--include-writes',
        '--yes',
      ]).replayArgs,
    ).toEqual([
      '--target',
      'https://api.example.com/base',
      '--yes',
      '--operations',
      'fetchOffer,lockUserOffer',
      '--include-writes',
    ]);
  });

  it.each([
    [['--cases', '0']],
    [['--cases', 'many']],
    [['--rate', '1.5']],
    [['--seed', '-1']],
    [['--operations', 'dropTables']],
    [['--bogus']],
    [['positional']],
  ])('rejects %j', (args) => {
    expect(() => planFromArgs(args)).toThrow(UsageError);
  });
});
