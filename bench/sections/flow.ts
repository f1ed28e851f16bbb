// 5. The full redemption flow: the project's redemption bundle (dist/k6/redemption.js, built as `npm run bundle`
// does) on the engine against the mock, env as `npm run load` passes it. The highest arrival rate (flows/s) at
// which redemption_flow_duration p99 stays under 50 ms, nothing is dropped and every default SLO holds.
// One mock serves every step, warmed first (a long-running service). Each step is a fresh engine process whose
// first seconds are cold (JIT, new connections) and, in short runs, alone decide the whole-run p99; so the verdict
// takes the steady state, the largest per-second p99 after them, and reports the cold p99 beside it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configVariables, defaults } from '../../client/config.ts';
import { bundleK6Scripts } from '../../load/bundle.ts';
import type { BenchContext } from '../context.ts';
import { searchMaxRate } from '../search.ts';
import { mockRedemptions } from '../target.ts';
import * as tools from '../tools.ts';

const p99SloMs = 50;
const seconds = 6;
/** Seconds of each step's start left out of the verdict: a fresh engine's warm-up took up to two. */
const coldSeconds = 2;

/** The script's env against the embedded mock, as load/run.ts builds it: every SESSIONM_* pinned to the mock. */
export function mockEnv(mockUrl: string, rate: number, secs: number, outDir: string): Record<string, string> {
  const env: Record<string, string> = Object.fromEntries(Object.keys(configVariables).map((k) => [k, '']));
  return {
    ...env,
    SESSIONM_API_KEY: defaults.apiKey,
    SESSIONM_BASE_URL: mockUrl,
    TARGET_KIND: 'mock',
    PROFILE: 'load',
    RATE: String(rate),
    DURATION: `${secs}s`,
    RUN_ID: `bench-${rate}-${Date.now().toString(36)}`,
    OUT_DIR: outDir,
  };
}

/** Per-second p99 of the flow duration, from the engine's timeseries.json; NaN for a second without a flow done. */
async function p99PerSecond(outDir: string): Promise<number[]> {
  const t = JSON.parse(await readFile(join(outDir, 'timeseries.json'), 'utf8'));
  const p99 = t.series?.redemption_flow_duration?.columns?.p99 as (number | null)[] | undefined;
  return (p99 ?? []).map((v) => v ?? Number.NaN);
}

export async function flow(ctx: BenchContext) {
  const [bundle] = await bundleK6Scripts();
  if (!bundle) throw new Error('no k6 script in load/scripts');
  const mock = await tools.startServer('mock');
  try {
    const step = async (rate: number, label: string, secs = seconds) => {
      const outDir = join(ctx.workDir, `flow-${label}`);
      const before = await mockRedemptions(mock.url);
      const r = await tools.engine(bundle, mockEnv(mock.url, rate, secs, outDir), {
        seconds: secs,
        serverPid: mock.pid,
        outDir,
      });
      const m = r.metrics;
      const redeemed = m.redemption_flow_redeemed?.passes ?? 0;
      const perSecond = await p99PerSecond(outDir);
      const steady = perSecond.slice(coldSeconds).filter(Number.isFinite);
      return {
        exitCode: r.exitCode,
        flows: m.iterations?.count ?? 0,
        steadyP99Ms: steady.length > 0 ? Math.max(...steady) : Number.NaN,
        coldP99Ms: Math.max(...perSecond.slice(0, coldSeconds).filter(Number.isFinite)),
        p99Ms: m.redemption_flow_duration?.['p(99)'] ?? Number.NaN,
        dropped: m.dropped_iterations?.count ?? 0,
        // The mock's count of redemptions must match the flows that ended redeemed.
        reconciled: (await mockRedemptions(mock.url)) - before === redeemed,
        engineCpu: r.cpu,
        mockCpu: r.serverCpu,
      };
    };
    await step(50, 'warmup', 2);
    const search = await searchMaxRate(
      async (rate) => {
        const r = await step(rate, String(rate));
        // exitCode 0: the default SLOs held (checks, failures, dropped_iterations count<1).
        const pass = r.exitCode === 0 && r.steadyP99Ms < p99SloMs && r.dropped === 0 && r.reconciled;
        const p99s = `p99 steady ${r.steadyP99Ms.toFixed(1)} ms (first ${coldSeconds} s ${r.coldP99Ms.toFixed(1)}, run ${r.p99Ms.toFixed(1)})`;
        ctx.log(`  flow ${rate}/s: ${p99s}, dropped ${r.dropped} → ${pass ? 'pass' : 'fail'}`);
        return { pass, detail: r };
      },
      { start: 200, max: 6400, steps: 5 },
    );
    return { p99SloMs, secondsPerStep: seconds, coldSeconds, steps: search.steps, flow_max_rate: search.rate };
  } finally {
    await mock.stop();
  }
}
