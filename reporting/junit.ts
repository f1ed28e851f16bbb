import { escapeXml } from './escape.ts';
import { integrityLine, integrityText } from './run-facts.ts';
import { thresholdReason, thresholdRows } from './summary-data.ts';
import type { InteractionResult, K6Summary, ReportInput } from './types.ts';
import { outcomeOf } from './verify-data.ts';

export interface Case {
  classname: string;
  name: string;
  failure?: { message: string; detail: string };
  /** CI tools show a skipped case with its message apart from passes and failures. */
  skipped?: string;
}

export function suite(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined && !c.failure).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"`;
    if (c.failure) {
      const { message, detail } = c.failure;
      return `${open}>\n      <failure message="${escapeXml(message)}">${escapeXml(detail)}</failure>\n    </testcase>`;
    }
    if (c.skipped !== undefined) return `${open}>\n      <skipped message="${escapeXml(c.skipped)}"/>\n    </testcase>`;
    return `${open}/>`;
  });
  const head = `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">`;
  return [head, ...body, '  </testsuite>'].join('\n');
}

/** One line per thing an interaction's result says: documented failures, differences, why it did not run. */
export function resultHeadlines(i: InteractionResult): string[] {
  return [
    ...i.mismatches.map((m) => (m.path ? `${m.path}: ${m.message}` : m.message)),
    ...(i.differences ?? []).map((d) => d.message),
    ...(i.notRun ? [`not run: ${i.notRun}`] : []),
  ];
}

/** As resultHeadlines, with the mismatches behind each difference indented under it. */
export function resultLines(i: InteractionResult): string[] {
  return [
    ...i.mismatches.map((m) => (m.path ? `${m.path}: ${m.message}` : m.message)),
    ...(i.differences ?? []).flatMap((d) => [d.message, ...d.details.map((detail) => `  ${detail}`)]),
    ...(i.notRun ? [`not run: ${i.notRun}`] : []),
  ];
}

export function interactionCase(i: InteractionResult): Case {
  const name = i.providerState ? `${i.description} (given ${i.providerState})` : i.description;
  const c: Case = { classname: `contracts.${i.consumer}.${i.provider}`, name };
  const headlines = resultHeadlines(i);
  if (!i.ok) {
    const detail = resultLines(i).join('\n') || 'verification failed without mismatch details';
    const first = headlines[0] ?? detail;
    const more = headlines.length > 1 ? ` (+${headlines.length - 1} more)` : '';
    c.failure = { message: `${first}${more}`, detail };
  } else if (outcomeOf(i) === 'differs' || outcomeOf(i) === 'not-run') {
    c.skipped = headlines.join('; ');
  }
  return c;
}

/** One test case per k6 threshold; a failed one carries the observed value. */
export function thresholdCases(summary: K6Summary): Case[] {
  return thresholdRows(summary).map((t): Case => {
    const c: Case = { classname: `thresholds.${t.metric}`, name: t.expr };
    if (!t.ok) c.failure = { message: thresholdReason(t), detail: thresholdReason(t) };
    return c;
  });
}

/** The document around named suites, with the totals CI tools read first. */
export function junitDocument(suites: [string, Case[]][]): string {
  const cases = suites.flatMap(([, c]) => c);
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined && !c.failure).length;
  const body = suites.map(([name, c]) => `${suite(name, c)}\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n${body}</testsuites>\n`;
}

/** JUnit XML: one test case per k6 threshold, for the integrity check and per contract interaction; failures carry the reason. */
export function buildJunit(input: ReportInput): string {
  const suites: [string, Case[]][] = [];
  if (input.load) {
    suites.push(['k6 thresholds', thresholdCases(input.load.summary)]);
    const integrity = input.load.integrity;
    if (integrity) {
      const c: Case = {
        classname: 'load.integrity',
        name: `mock state agrees with the run: ${integrityText(integrity)}`,
      };
      if (!integrity.ok) c.failure = { message: integrityLine(integrity), detail: integrity.differences.join('\n') };
      suites.push(['load integrity', [c]]);
    }
  }
  if (input.verify) suites.push(['contract verification', input.verify.interactions.map(interactionCase)]);
  return junitDocument(suites);
}
