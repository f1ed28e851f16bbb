// Report files of a verification: JUnit XML (one testcase per interaction) and the parsed results as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failedResults, type InteractionResult } from './results.ts';

const xml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** One testsuite per consumer → provider pair; failures carry every reason, pending ones are skipped. */
export function junitXml(results: InteractionResult[]): string {
  const suites = new Map<string, InteractionResult[]>();
  for (const result of results) {
    const name = `${result.consumer} → ${result.provider}`;
    suites.set(name, [...(suites.get(name) ?? []), result]);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="contract verification" tests="${results.length}" failures="${failedResults(results).length}">`,
  );
  for (const [name, cases] of suites) {
    const time = cases.reduce((sum, c) => sum + c.durationMs, 0);
    lines.push(
      `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failedResults(cases).length}" skipped="${cases.filter((c) => c.pending).length}" time="${seconds(time)}">`,
    );
    for (const c of cases) {
      const given = c.states.length ? ` (given ${c.states.join(' and ')})` : '';
      const open = `    <testcase classname="${xml(name)}" name="${xml(c.description + given)}" time="${seconds(c.durationMs)}"`;
      if (c.passed) {
        lines.push(`${open}/>`);
      } else if (c.pending) {
        lines.push(
          `${open}>`,
          `      <skipped message="pending pact: ${xml(c.failures[0] ?? '')}"/>`,
          '    </testcase>',
        );
      } else {
        lines.push(
          `${open}>`,
          `      <failure message="${xml(c.failures[0] ?? 'failed')}">${xml(c.failures.join('\n'))}</failure>`,
          '    </testcase>',
        );
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

export interface ReportMeta {
  offersUrl: string;
  posUrl: string;
  startedAt: Date;
}

/** Writes junit.xml, verification.json and verifier-output.txt into `dir`; returns their paths. */
export function writeReports(dir: string, results: InteractionResult[], output: string, meta: ReportMeta) {
  mkdirSync(dir, { recursive: true });
  const files = {
    junit: join(dir, 'junit.xml'),
    json: join(dir, 'verification.json'),
    output: join(dir, 'verifier-output.txt'),
  };
  writeFileSync(files.junit, junitXml(results));
  const summary = {
    started_at: meta.startedAt.toISOString(),
    offers_url: meta.offersUrl,
    pos_url: meta.posUrl,
    passed: failedResults(results).length === 0,
    interactions: results.length,
    failed: failedResults(results).length,
    results,
  };
  writeFileSync(files.json, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(files.output, output);
  return files;
}

/** "2024-05-01T10-20-30" for report folder names. */
export const timestampName = (date: Date) => date.toISOString().slice(0, 19).replace(/:/g, '-');
