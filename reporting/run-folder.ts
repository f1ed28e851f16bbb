// Run folders, `reports/<timestamp>-<kind>/`: named by one function and written by this room only. The load
// generator's own files (handleSummary's summary.json, the engine's timeseries.json) stay where the generator was
// told to write; what a run folder holds is written here. `reports/latest` points at the newest folder with reports.
import { mkdir, readdir, rename, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** This project's reports/, where every command writes when it is not given a folder. */
export const reportsDir = resolve(import.meta.dirname, '..', 'reports');

/** What runs write a run folder: the first five write report.html, and reports/latest points at those alone. */
export const runKinds = ['load', 'verify', 'start', 'soak', 'accept', 'fuzz', 'bench'] as const;
export type RunKind = (typeof runKinds)[number];
const reportedKinds = ['load', 'verify', 'start', 'soak', 'accept'] as const satisfies readonly RunKind[];
/** The runs whose folder holds report.html (reporting/write.ts's and acceptance/'s). */
export type ReportedKind = (typeof reportedKinds)[number];

/** `2025-01-31T12-00-00-000Z-load`: sorts by time, safe on every file system. */
export function runDirName(kind: RunKind, at: Date = new Date()): string {
  return `${at.toISOString().replace(/:/g, '-').replace('.', '-')}-${kind}`;
}

/** reports/<timestamp>-<kind>: a run's folder when it is given none. */
export const defaultRunDir = (kind: RunKind, at?: Date) => join(reportsDir, runDirName(kind, at));

/** The reported kind a run folder's name ends with. */
export const kindOf = (dir: string): ReportedKind | undefined =>
  reportedKinds.find((kind) => dir.replace(/\/+$/, '').endsWith(`-${kind}`));

/** A run folder's files by name; a name may hold a subfolder (`load/summary.json`). */
export type RunFiles = Record<string, string>;

export interface WriteOptions {
  /** Runs over every file before it is written: the caller's redaction of secrets an answer may have echoed. */
  scrub?: (text: string) => string;
  /** Points reports/latest (the folder beside `dir`) at the newest run folder. */
  updateLatest?: boolean;
}

/** Writes `files` into `dir`, making the folders they need. */
export async function writeRunFolder(dir: string, files: RunFiles, opts: WriteOptions = {}): Promise<void> {
  const scrub = opts.scrub ?? ((text: string) => text);
  const paths = Object.keys(files).map((name) => join(dir, name));
  await Promise.all([...new Set([dir, ...paths.map((p) => dirname(p))])].map((d) => mkdir(d, { recursive: true })));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), scrub(text))));
  if (opts.updateLatest) await updateLatest(dirname(dir));
}

const reported = new RegExp(`-(${reportedKinds.join('|')})$`);

/**
 * Points `<reportsDir>/latest` at the newest run folder with reports (names start with their timestamp, so the
 * greatest name is the newest). Swapped in with a rename, so readers never see it missing.
 */
export async function updateLatest(reportsDir: string): Promise<string | undefined> {
  const entries = await readdir(reportsDir, { withFileTypes: true });
  const newest = entries
    .filter((d) => d.isDirectory() && reported.test(d.name))
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
