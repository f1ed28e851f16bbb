import { thresholdRows } from './summary-data.ts';
import type { ReportInput } from './types.ts';
import { outcomeOf } from './verify-data.ts';

export interface Verdict {
  ok: boolean;
  /** Why the run failed, one line each; empty when it passed. */
  reasons: string[];
}

/** A run passes when every threshold, contract interaction and baseline row does, and a soak's memory stays flat (failed checks alone do not fail k6). */
export function verdict(input: ReportInput): Verdict {
  const reasons: string[] = [];
  if (input.load) {
    const failed = thresholdRows(input.load.summary).filter((t) => !t.ok).length;
    if (failed > 0) reasons.push(`${failed} threshold${failed === 1 ? '' : 's'} failed`);
  }
  if (input.verify) {
    const failing = input.verify.interactions.filter((i) => !i.ok);
    const failed = failing.filter((i) => outcomeOf(i) === 'failed').length;
    const differs = failing.filter((i) => outcomeOf(i) === 'differs').length;
    const notRun = failing.filter((i) => outcomeOf(i) === 'not-run').length;
    const s = (n: number) => (n === 1 ? '' : 's');
    if (failed > 0) reasons.push(`${failed} contract interaction${s(failed)} failed`);
    if (differs > 0) reasons.push(`${differs} interaction${s(differs)} differ from our assumptions (strict)`);
    if (notRun > 0) reasons.push(`${notRun} interaction${s(notRun)} not run (strict)`);
  }
  if (input.load?.integrity && !input.load.integrity.ok) reasons.push("the mock's state disagrees with the run");
  if (input.load?.memory && !input.load.memory.verdict.flat) reasons.push('memory grew over the soak');
  if (input.baseline && !input.baseline.ok) reasons.push('regression against the baseline');
  return { ok: reasons.length === 0, reasons };
}
