// The verification numbers every report shows: documented failures apart from differences from assumptions.
import type { InteractionOutcome, InteractionResult, VerifyInput } from './types.ts';

export const outcomeOf = (i: InteractionResult): InteractionOutcome => i.outcome ?? (i.ok ? 'verified' : 'failed');

export interface VerifyCounts {
  total: number;
  verified: number;
  failed: number;
  differs: number;
  notRun: number;
}

export function verifyCounts(verify: VerifyInput): VerifyCounts {
  const count = (outcome: InteractionOutcome) => verify.interactions.filter((i) => outcomeOf(i) === outcome).length;
  return {
    total: verify.interactions.length,
    verified: count('verified'),
    failed: count('failed'),
    differs: count('differs'),
    notRun: count('not-run'),
  };
}

/** "documented: 1 failed · assumptions: 4 differ · not run: 1 · verified: 29 of 35" */
export function verifyHeadline(verify: VerifyInput): string {
  const c = verifyCounts(verify);
  const strict = verify.strict ? ' (strict: failing)' : '';
  return [
    `documented: ${c.failed ? `${c.failed} failed` : 'all held'}`,
    `assumptions: ${c.differs ? `${c.differs} differ${strict}` : 'none differ'}`,
    ...(c.notRun ? [`not run: ${c.notRun}${strict}`] : []),
    `verified: ${c.verified} of ${c.total}`,
  ].join(' · ');
}

export const outcomeLabel: Record<InteractionOutcome, string> = {
  verified: 'verified',
  failed: 'failed',
  differs: 'differs',
  'not-run': 'not run',
};
