// Writes an acceptance run's folder: report.html, junit.xml, summary.md and acceptance.json.
import { join } from 'node:path';
import { pageAssets } from '../assets.ts';
import { type RunFiles, writeRunFolder } from '../run-folder.ts';
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
 * `updateLatest` points reports/latest at the folder when it sits in reports/. `files` are written beside the
 * reports (the verifier's output, the members the Load section ran with).
 */
export async function writeAcceptanceReports(
  dir: string,
  result: AcceptanceResult,
  opts: { scrub?: (text: string) => string; updateLatest?: boolean; files?: RunFiles } = {},
): Promise<AcceptanceFiles> {
  const files: AcceptanceFiles = {
    html: join(dir, 'report.html'),
    junit: join(dir, 'junit.xml'),
    markdown: join(dir, 'summary.md'),
    json: join(dir, 'acceptance.json'),
  };
  const load = result.sections.find((s) => s.name === 'load')?.load;
  await writeRunFolder(
    dir,
    {
      ...opts.files,
      'report.html': buildAcceptanceHtml(result, await pageAssets()),
      'junit.xml': buildAcceptanceJunit(result),
      'summary.md': buildAcceptanceMarkdown(result),
      'acceptance.json': `${JSON.stringify(result, null, 2)}\n`,
      // The Load section's run as every load run folder keeps it.
      ...(load ? { 'load/summary.json': `${JSON.stringify(load.summary, null, 2)}\n` } : {}),
      ...(load?.timeseries ? { 'load/timeseries.json': JSON.stringify(load.timeseries) } : {}),
    },
    opts,
  );
  return files;
}
