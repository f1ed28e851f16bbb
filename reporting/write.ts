// A load, verify, start or soak run's folder: its reports and the inputs they came from, and back.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pageAssets } from './assets.ts';
import { buildHtml } from './html.ts';
import { buildJunit } from './junit.ts';
import { buildMarkdown } from './markdown.ts';
import { kindOf, type RunFiles, writeRunFolder } from './run-folder.ts';
import type { K6Summary, MemoryRecord, ReportInput, RunRecord, Timeseries, VerifyInput } from './types.ts';

/** A run folder that cannot be read back: missing, empty, or holding a broken file. */
export class RunFolderError extends Error {
  override name = 'RunFolderError';
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * Writes report.html, junit.xml and summary.md into `runDir`, plus the inputs they came from (summary.json,
 * timeseries.json, memory.json, verification.json, run.json) so they can be regenerated, and `files` beside them.
 */
export async function writeReports(
  runDir: string,
  input: ReportInput,
  opts: { updateLatest?: boolean; generatedAt?: Date; files?: RunFiles } = {},
): Promise<{ html: string; junit: string; markdown: string }> {
  const full: ReportInput = { ...input };
  const kind = input.kind ?? kindOf(runDir);
  if (kind) full.kind = kind;
  const files: RunFiles = { ...opts.files };
  if (full.load) {
    files['summary.json'] = json(full.load.summary);
    if (full.load.timeseries) files['timeseries.json'] = JSON.stringify(full.load.timeseries);
    if (full.load.memory) files['memory.json'] = json(full.load.memory);
  }
  if (full.verify) files['verification.json'] = json(full.verify);
  const run: RunRecord = {};
  if (kind) run.kind = kind;
  const settings = full.load?.settings ?? full.verify?.settings;
  if (settings) run.settings = settings;
  if (full.load?.errorsByCode) run.errorsByCode = full.load.errorsByCode;
  if (full.load?.faults) run.faults = full.load.faults;
  if (full.load?.integrity) run.integrity = full.load.integrity;
  if (full.baseline) run.baseline = full.baseline;
  files['run.json'] = json(run);

  const htmlOpts = opts.generatedAt ? { generatedAt: opts.generatedAt } : {};
  files['report.html'] = buildHtml(full, await pageAssets(), htmlOpts);
  files['junit.xml'] = buildJunit(full);
  files['summary.md'] = buildMarkdown(full);
  await writeRunFolder(runDir, files, { updateLatest: opts.updateLatest !== false });
  return { html: join(runDir, 'report.html'), junit: join(runDir, 'junit.xml'), markdown: join(runDir, 'summary.md') };
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RunFolderError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Reads what a run folder holds back into a report input (the reverse of writeReports). */
export async function readRun(runDir: string): Promise<ReportInput> {
  const [summary, timeseries, verification, run, memory] = await Promise.all([
    readJson<K6Summary>(join(runDir, 'summary.json')),
    readJson<Timeseries>(join(runDir, 'timeseries.json')),
    readJson<VerifyInput | VerifyInput['interactions']>(join(runDir, 'verification.json')),
    readJson<RunRecord>(join(runDir, 'run.json')),
    readJson<MemoryRecord>(join(runDir, 'memory.json')),
  ]);
  if (!summary && !verification) {
    throw new RunFolderError(`${runDir} has neither summary.json nor verification.json: nothing to report`);
  }
  const input: ReportInput = {};
  const kind = run?.kind ?? kindOf(runDir);
  if (kind) input.kind = kind;
  if (summary) {
    input.load = { summary, settings: run?.settings ?? {} };
    if (timeseries) input.load.timeseries = timeseries;
    if (memory) input.load.memory = memory;
    if (run?.errorsByCode) input.load.errorsByCode = run.errorsByCode;
    if (run?.faults) input.load.faults = run.faults;
    if (run?.integrity) input.load.integrity = run.integrity;
  }
  if (verification) {
    input.verify = Array.isArray(verification) ? { interactions: verification } : verification;
    if (!input.load && !input.verify.settings && run?.settings) input.verify.settings = run.settings;
  }
  if (run?.baseline) input.baseline = run.baseline;
  return input;
}
