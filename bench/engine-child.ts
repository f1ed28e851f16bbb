// `engine-child.ts BUNDLE OUT_DIR`: one embedded-engine run in a process of its own (env from the environment).
// Prints "started" as the run begins and "result {json}" last: every metric's values, peak RSS, CPU.
import { runBundle } from '../load/engine/index.ts';

const [bundle, outDir] = process.argv.slice(2);
if (!bundle || !outDir) throw new Error('usage: engine-child.ts BUNDLE OUT_DIR');

console.log('started');
const result = await runBundle(bundle, { outDir, quiet: true });
const metrics = Object.fromEntries(Object.entries(result.summary?.metrics ?? {}).map(([k, m]) => [k, m.values]));
const cpu = process.cpuUsage();
console.log(
  `result ${JSON.stringify({
    exitCode: result.exitCode,
    error: result.error,
    metrics,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    vuInit: result.summary?.engine?.vuInit,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}`,
);
