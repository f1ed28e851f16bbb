// A saved run as the baseline of a new one: found by its folder or summary.json (links followed), and the
// comparison as console lines. The comparison itself is load/compare-baseline.ts.
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { type Baseline, type BaselineComparison, baselineRowText } from '../load/compare-baseline.ts';
import type { K6Summary } from '../load/results.ts';

/** Reads a baseline from a run folder (its summary.json) or from a summary.json path. */
export async function loadBaseline(path: string): Promise<K6Summary> {
  return (await resolveBaseline(path)).summary;
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/**
 * A baseline by its real name: links such as reports/latest are followed when the run starts, so the comparison
 * names the run it compared with (not the link, which the run itself may move). Throws BaselineError with a
 * message that says what the path is and what is needed.
 */
export async function resolveBaseline(path: string): Promise<Baseline> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new BaselineError(`${path}: no such run folder or summary.json`);
  }
  const isDir = (await stat(real)).isDirectory();
  const file = isDir ? join(real, 'summary.json') : real;
  const shown = relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
  const source = isDir ? shown.replace(/\/?summary\.json$/, '') || '.' : shown;
  const named = real === path || shown === path ? path : `${path} (${source})`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    const kind = /-(verify|start|load|soak)$/.exec(basename(real))?.[1];
    const what = kind === 'verify' ? 'a contract verification, not a load run' : 'not a load run folder';
    throw new BaselineError(`${named} holds no summary.json: ${what}; give a load run folder or its summary.json`);
  }
  let data: K6Summary;
  try {
    data = JSON.parse(text) as K6Summary;
  } catch (error) {
    throw new BaselineError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || typeof data.metrics !== 'object') {
    throw new BaselineError(`${file} is not a k6 summary (no "metrics" object)`);
  }
  return { summary: data, source };
}

/** The comparison for the console: a verdict line naming the baseline, then ✓/✗ per row. */
export function baselineLines(c: BaselineComparison): string[] {
  const failed = c.rows.filter((r) => !r.ok).length;
  const head = failed
    ? `baseline ${c.source ?? ''}: REGRESSION in ${failed} of ${c.rows.length}`
    : `baseline ${c.source ?? ''}: no regression (${c.rows.length} compared)`;
  return [
    head.replace('baseline :', 'baseline:'),
    ...c.rows.map((r) => `  ${r.ok ? '✓' : '✗'} ${baselineRowText(r, c.tolerance)}`),
  ];
}
