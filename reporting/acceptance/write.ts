// Writes an acceptance run's folder: report.html, junit.xml, summary.md and acceptance.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pageAssets } from '../assets.ts';
import { updateLatest } from '../write.ts';
import { buildAcceptanceHtml } from './html.ts';
import { buildAcceptanceJunit } from './junit.ts';
import { buildAcceptanceMarkdown } from './markdown.ts';
import type { AcceptanceResult } from './types.ts';

export interface AcceptanceFiles {
  html: string;
  junit: string;
  markdown: string;
  json: string;
}

/**
 * `scrub` runs over every file before it is written (the caller's redaction of secrets an answer may have echoed).
 * `updateLatest` points reports/latest at the folder when it sits in reports/.
 */
export async function writeAcceptanceReports(
  dir: string,
  result: AcceptanceResult,
  opts: { scrub?: (text: string) => string; updateLatest?: boolean } = {},
): Promise<AcceptanceFiles> {
  const scrub = opts.scrub ?? ((text: string) => text);
  await mkdir(dir, { recursive: true });
  const files: AcceptanceFiles = {
    html: join(dir, 'report.html'),
    junit: join(dir, 'junit.xml'),
    markdown: join(dir, 'summary.md'),
    json: join(dir, 'acceptance.json'),
  };
  const texts: [string, string][] = [
    [files.html, buildAcceptanceHtml(result, await pageAssets())],
    [files.junit, buildAcceptanceJunit(result)],
    [files.markdown, buildAcceptanceMarkdown(result)],
    [files.json, `${JSON.stringify(result, null, 2)}\n`],
  ];
  await Promise.all(texts.map(([file, text]) => writeFile(file, scrub(text))));
  if (opts.updateLatest) await updateLatest(dirname(dir));
  return files;
}
