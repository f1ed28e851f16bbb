// npm run report -- DIR [--baseline PATH] [--p95-pct N] [--p99-pct N] [--error-rate-pts N]
import { parseArgs } from 'node:util';
import { compareBaseline, loadBaseline } from './baseline.ts';
import type { Tolerance } from './types.ts';
import { readRun, writeReports } from './write.ts';

const USAGE =
  'usage: npm run report -- RUN_DIR [--baseline RUN_DIR|summary.json] [--p95-pct 20] [--p99-pct 20] [--error-rate-pts 1]';

function number(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      baseline: { type: 'string' },
      'p95-pct': { type: 'string' },
      'p99-pct': { type: 'string' },
      'error-rate-pts': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [dir] = positionals;
  if (!dir || positionals.length > 1) throw new Error(USAGE);
  const input = await readRun(dir);
  if (values.baseline) {
    if (!input.load) throw new Error(`${dir} is not a load run: there is nothing to compare with a baseline`);
    const tolerance: Partial<Tolerance> = {};
    const p95 = number('p95-pct', values['p95-pct']);
    const p99 = number('p99-pct', values['p99-pct']);
    const err = number('error-rate-pts', values['error-rate-pts']);
    if (p95 !== undefined) tolerance.p95Pct = p95;
    if (p99 !== undefined) tolerance.p99Pct = p99;
    if (err !== undefined) tolerance.errorRatePts = err;
    input.baseline = {
      ...compareBaseline(input.load.summary, await loadBaseline(values.baseline), tolerance),
      source: values.baseline,
    };
  }
  const out = await writeReports(dir, input, { updateLatest: false });
  console.log(`wrote ${out.html}\nwrote ${out.junit}\nwrote ${out.markdown}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
