import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pageAssets } from './assets.ts';
import { buildHtml } from './html.ts';
import { buildJunit } from './junit.ts';
import { buildMarkdown } from './markdown.ts';
import type {
  BaselineComparison,
  FaultsInput,
  IntegrityInput,
  K6Summary,
  MemoryInput,
  ReportInput,
  RunSettings,
  Timeseries,
  VerifyInput,
} from './types.ts';

export const KINDS = ['load', 'verify', 'start', 'soak', 'accept'] as const;
export type RunKind = (typeof KINDS)[number];

/** Folder name `2025-01-31T12-00-00-000Z-load`: sorts by time, safe on every file system. */
export function runDirName(kind: RunKind, at: Date = new Date()): string {
  return `${at.toISOString().replace(/:/g, '-').replace('.', '-')}-${kind}`;
}

function kindOf(runDir: string): RunKind | undefined {
  return KINDS.find((k) => basename(runDir).endsWith(`-${k}`));
}

/** What a run folder keeps besides k6's files, so `npm run report` can rebuild its reports. */
interface RunFile {
  kind?: RunKind;
  settings?: RunSettings;
  errorsByCode?: Record<string, number>;
  faults?: FaultsInput;
  integrity?: IntegrityInput;
  baseline?: BaselineComparison;
}

/** A run folder that cannot be read back: missing, empty, or holding a broken file. */
export class RunFolderError extends Error {
  override name = 'RunFolderError';
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * Writes report.html, junit.xml and summary.md into `runDir`, plus the inputs they came from
 * (summary.json, timeseries.json, verification.json, run.json) so they can be regenerated.
 */
export async function writeReports(
  runDir: string,
  input: ReportInput,
  opts: { updateLatest?: boolean; generatedAt?: Date } = {},
): Promise<{ html: string; junit: string; markdown: string }> {
  const full: ReportInput = { ...input };
  const kind = input.kind ?? kindOf(runDir);
  if (kind) full.kind = kind;
  await mkdir(runDir, { recursive: true });
  const files: [string, string][] = [];
  if (full.load) {
    files.push(['summary.json', json(full.load.summary)]);
    if (full.load.timeseries) files.push(['timeseries.json', JSON.stringify(full.load.timeseries)]);
    if (full.load.memory) files.push(['memory.json', json(full.load.memory)]);
  }
  if (full.verify) files.push(['verification.json', json(full.verify)]);
  const run: RunFile = {};
  if (kind) run.kind = kind;
  const settings = full.load?.settings ?? full.verify?.settings;
  if (settings) run.settings = settings;
  if (full.load?.errorsByCode) run.errorsByCode = full.load.errorsByCode;
  if (full.load?.faults) run.faults = full.load.faults;
  if (full.load?.integrity) run.integrity = full.load.integrity;
  if (full.baseline) run.baseline = full.baseline;
  files.push(['run.json', json(run)]);

  const htmlOpts = opts.generatedAt ? { generatedAt: opts.generatedAt } : {};
  const out = {
    html: join(runDir, 'report.html'),
    junit: join(runDir, 'junit.xml'),
    markdown: join(runDir, 'summary.md'),
  };
  files.push(
    ['report.html', buildHtml(full, await pageAssets(), htmlOpts)],
    ['junit.xml', buildJunit(full)],
    ['summary.md', buildMarkdown(full)],
  );
  await Promise.all(files.map(([name, text]) => writeFile(join(runDir, name), text)));
  if (opts.updateLatest !== false) await updateLatest(dirname(runDir));
  return out;
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
    readJson<RunFile>(join(runDir, 'run.json')),
    readJson<MemoryInput>(join(runDir, 'memory.json')),
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

const RUN_DIR = new RegExp(`-(${KINDS.join('|')})$`);

/**
 * Points `<reportsDir>/latest` at the newest run folder (names start with their timestamp, so the
 * greatest name is the newest). Swapped in with a rename, so readers never see it missing.
 */
export async function updateLatest(reportsDir: string): Promise<string | undefined> {
  const entries = await readdir(reportsDir, { withFileTypes: true });
  const newest = entries
    .filter((d) => d.isDirectory() && RUN_DIR.test(d.name))
    .map((d) => d.name)
    .sort()
    .at(-1);
  if (!newest) return undefined;
  const link = join(reportsDir, 'latest');
  const tmp = join(reportsDir, `.latest-${process.pid}-${Date.now()}`);
  await symlink(newest, tmp);
  await rename(tmp, link);
  return newest;
}
