// `npm run bench [-- --only throughput,latency] [--baseline main]`: load-tool and mock benchmarks on loopback (docs/performance.md).
// Not part of `npm test`. Every child is killed at the end, also on failure or Ctrl-C.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { BaselineRefError } from '../bench/bundle.ts';
import { killAll } from '../bench/procs.ts';
import { formatTable } from '../bench/report.ts';
import { headlines, runBench, type SectionName, sections, toolLines } from '../bench/run.ts';
import { exitCodes } from '../client/exit-codes.ts';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(exitCodes.interrupted);
  });
}
process.on('exit', killAll);

const usage = `usage: npm run bench [-- --only ${Object.keys(sections).join(',')}] [--baseline REF]
  benchmarks on loopback (under 3 minutes; 5 with --baseline): the engine and the mock side by side with autocannon and wrk, as
  ratios; writes reports/bench/<timestamp>-bench.json and reports/bench/latest.json (numbers in docs/performance.md)
  --baseline REF  also run the engine as it is at git REF (e.g. main) beside this one (throughput, vus)
exit codes: 0 every section ran, 1 a section failed, 2 bad arguments`;

let values: { only?: string; help?: boolean; baseline?: string };
try {
  ({ values } = parseArgs({
    options: { only: { type: 'string' }, baseline: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  console.error(`bench: ${(error as Error).message}\n${usage}`);
  process.exit(exitCodes.refused);
}
if (values.help) {
  console.log(usage);
  process.exit(exitCodes.ok);
}
const only = values.only?.split(',').map((s) => s.trim()) as SectionName[] | undefined;
const unknown = only?.filter((s) => !(s in sections)) ?? [];
if (unknown.length > 0) {
  console.error(`--only takes ${Object.keys(sections).join(', ')}; unknown: ${unknown.join(', ')}`);
  process.exit(exitCodes.refused);
}

let run: Awaited<ReturnType<typeof runBench>>;
try {
  run = await runBench({ ...(only ? { only } : {}), ...(values.baseline ? { baseline: values.baseline } : {}) });
} catch (error) {
  if (!(error instanceof BaselineRefError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(exitCodes.refused);
}
const { results, errors, file, report } = run;
console.log(`\n${formatTable(headlines(results))}`);
if (results.throughput) console.log(`throughput (median of rounds):\n${toolLines(results).join('\n')}`);
for (const [section, message] of Object.entries(errors)) console.log(`${section}: ${message}`);
console.log(`${report.seconds}s; ${relative(process.cwd(), file)} (and reports/bench/latest.json)`);
process.exitCode = Object.keys(errors).length > 0 ? exitCodes.failed : exitCodes.ok;
