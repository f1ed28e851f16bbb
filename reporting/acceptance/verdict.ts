// The overall verdict: accepted only when every section ran and passed.
import { type Section, sectionNames, sectionTitles } from './types.ts';

/** A section's one line: "Load: failed: 2 of 14 thresholds failed". */
export function sectionLine(s: Section): string {
  const status = s.status === 'not-run' ? 'not run' : s.status;
  const why = s.status === 'not-run' ? (s.reason ?? s.headline) : s.headline;
  return `${sectionTitles[s.name]}: ${status}: ${why}`;
}

export function acceptanceVerdict(sections: Section[]): { accepted: boolean; reasons: string[] } {
  const reasons = sections.filter((s) => s.status !== 'passed').map(sectionLine);
  for (const name of sectionNames) {
    if (!sections.some((s) => s.name === name)) reasons.push(`${sectionTitles[name]}: not run`);
  }
  return { accepted: reasons.length === 0, reasons };
}
