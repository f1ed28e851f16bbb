// What a run was, beyond its numbers: the faults injected into the mock, and whether the mock's state agreed with
// the run's counters. The same sentences for the console, summary.md, report.html and junit.xml.
import type { InjectedFaults, IntegrityReport } from './types.ts';

/** "3 rules from mock/faults/bad-network.json, seed 11". */
export function faultsText(faults: InjectedFaults): string {
  const n = faults.rules.length;
  const from = faults.file ? ` from ${faults.file}` : '';
  return `${n} fault rule${n === 1 ? '' : 's'}${from}, seed ${faults.seed ?? 1}`;
}

/** Each rule as one compact JSON line, as written in the faults file. */
export const faultRuleLines = (faults: InjectedFaults) => faults.rules.map((rule) => JSON.stringify(rule));

/** "6000 flows redeemed, the mock recorded 6000 redemptions, 0 locks left". */
export function integrityText(integrity: IntegrityReport): string {
  const dropped = integrity.unacknowledgedRedemptions
    ? ` (${integrity.unacknowledgedRedemptions} with every answer dropped by a fault)`
    : '';
  return `${integrity.expectedRedemptions} flows redeemed, the mock recorded ${integrity.recordedRedemptions} redemptions${dropped}, ${integrity.locksLeft} locks left`;
}

/** The console and summary line: "integrity: passed: …" or "integrity: FAILED: …; <differences>". */
export function integrityLine(integrity: IntegrityReport): string {
  if (integrity.ok) return `integrity: passed: ${integrityText(integrity)}`;
  return `integrity: FAILED: ${integrity.differences.join('; ')}`;
}
