// 7. What a VU costs: the project's redemption bundle with 50 and with 2,000 VUs initialised before the start
// (PRE_ALLOCATED_VUS), a 2 s smoke run against the mock. Memory per VU is the difference of the two runs' peak RSS
// over the difference in VUs, so the engine's fixed cost cancels out; init time per VU is the engine's own
// vuInit figure (summary.json engine.vuInit). With --baseline, the engine at that ref runs the same steps.
import { join } from 'node:path';
import { bundleK6Scripts } from '../../load/bundle.ts';
import { scriptEnv } from '../../load/run.ts';
import type { BenchContext } from '../context.ts';
import * as tools from '../tools.ts';

export const vuCounts = [50, 2000] as const;
const seconds = 2;

interface Step {
  vus: number;
  maxRssMb: number;
  initMs: number | null;
  initRssDeltaMb: number | null;
  exitCode: number;
}

/** (RSS at the most VUs − RSS at the fewest) / (their difference), in MB per VU. */
export function perVuMb(steps: readonly Step[]): number {
  const lo = steps[0];
  const hi = steps[steps.length - 1];
  if (!lo || !hi || hi.vus === lo.vus) return Number.NaN;
  return (hi.maxRssMb - lo.maxRssMb) / (hi.vus - lo.vus);
}

export async function vus(ctx: BenchContext) {
  const [bundle] = await bundleK6Scripts();
  if (!bundle) throw new Error('no k6 script in load/scripts');
  const mock = await tools.startServer('mock');
  try {
    const engines: Record<string, string | undefined> = { engine: undefined };
    if (ctx.baseline) engines.baseline = ctx.baseline.child;
    const results: Record<string, { steps: Step[]; mb_per_vu: number; init_ms_per_vu: number }> = {};
    for (const [name, child] of Object.entries(engines)) {
      const steps: Step[] = [];
      for (const n of vuCounts) {
        const outDir = join(ctx.workDir, `vus-${name}-${n}`);
        const env = {
          ...scriptEnv({ kind: 'mock', url: mock.url }, 'smoke', {
            RATE: '1',
            DURATION: `${seconds}s`,
            RUN_ID: `bench-vus-${name}-${n}-${Date.now().toString(36)}`,
            PRE_ALLOCATED_VUS: String(n),
            MAX_VUS: String(n),
          }),
          OUT_DIR: outDir,
        };
        const r = await tools.engine(bundle, env, { seconds, serverPid: mock.pid, outDir, child });
        steps.push({
          vus: n,
          maxRssMb: r.maxRssMb,
          initMs: r.vuInit?.ms ?? null,
          initRssDeltaMb: r.vuInit?.rssDeltaMb ?? null,
          exitCode: r.exitCode,
        });
        ctx.log(`  ${name} ${n} VUs: peak RSS ${r.maxRssMb.toFixed(0)} MB, init ${r.vuInit?.ms.toFixed(0) ?? '-'} ms`);
      }
      const top = steps[steps.length - 1] as Step;
      results[name] = {
        steps,
        mb_per_vu: perVuMb(steps),
        init_ms_per_vu: top.initMs === null ? Number.NaN : top.initMs / top.vus,
      };
    }
    return {
      bundle: 'dist/k6/redemption.js',
      seconds,
      engines: results,
      engine_mb_per_vu: results.engine?.mb_per_vu ?? Number.NaN,
      engine_init_ms_per_vu: results.engine?.init_ms_per_vu ?? Number.NaN,
    };
  } finally {
    await mock.stop();
  }
}
