import { escapeXml } from './escape.ts';
import { integrityLine, integrityText } from './run-facts.ts';
import { thresholdReason, thresholdRows } from './summary-data.ts';
import type { InteractionResult, ReportInput } from './types.ts';

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; detail: string };
}

function suite(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"`;
    if (!c.failure) return `${open}/>`;
    const { message, detail } = c.failure;
    return `${open}>\n      <failure message="${escapeXml(message)}">${escapeXml(detail)}</failure>\n    </testcase>`;
  });
  const head = `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`;
  return [head, ...body, '  </testsuite>'].join('\n');
}

export function mismatchText(i: InteractionResult): string {
  return i.mismatches.map((m) => (m.path ? `${m.path}: ${m.message}` : m.message)).join('\n');
}

function interactionCase(i: InteractionResult): Case {
  const name = i.providerState ? `${i.description} (given ${i.providerState})` : i.description;
  const c: Case = { classname: `contracts.${i.consumer}.${i.provider}`, name };
  if (!i.ok) {
    const detail = mismatchText(i) || 'verification failed without mismatch details';
    const first = detail.split('\n')[0] as string;
    const more = i.mismatches.length > 1 ? ` (+${i.mismatches.length - 1} more)` : '';
    c.failure = { message: `${first}${more}`, detail };
  }
  return c;
}

/** JUnit XML: one test case per k6 threshold, for the integrity check and per contract interaction; failures carry the reason. */
export function buildJunit(input: ReportInput): string {
  const suites: [string, Case[]][] = [];
  if (input.load) {
    const cases = thresholdRows(input.load.summary).map((t): Case => {
      const c: Case = { classname: `thresholds.${t.metric}`, name: t.expr };
      if (!t.ok) c.failure = { message: thresholdReason(t), detail: thresholdReason(t) };
      return c;
    });
    suites.push(['k6 thresholds', cases]);
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
  const cases = suites.flatMap(([, c]) => c);
  const failures = cases.filter((c) => c.failure).length;
  const body = suites.map(([name, c]) => `${suite(name, c)}\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${cases.length}" failures="${failures}">\n${body}</testsuites>\n`;
}
