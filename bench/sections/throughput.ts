// 1. Generator throughput: the engine, autocannon and wrk against the mock's Lookup, same connections and duration,
// alternating. The body is fixed (as a wrk or autocannon user would send it), so the mock answers each repeat
// from its request_id cache: its cheapest path, leaving the generators as much of the load as possible.
import type { BenchContext } from '../context.ts';
import { alternate, median, pairedRatio } from '../stats.ts';
import { lookupTarget, probe, seedMember } from '../target.ts';
import * as tools from '../tools.ts';

export const connections = 50;
const seconds = 3;
/** Single rounds on a shared machine range 0.3–3× each other: a baseline comparison needs more of them. */
const rounds = (baseline: boolean) => (baseline ? 8 : 3);

export interface ToolFigures {
  rps: number;
  /** Generator cores in use; its CPU per request in µs. */
  cpu: number;
  cpuUsPerRequest: number;
  serverCpu: number;
  p50Ms: number;
  errors: number;
  runs: tools.Load[];
}

export function figures(runs: tools.Load[]): ToolFigures {
  const rps = median(runs.map((r) => r.rps));
  const cpu = median(runs.map((r) => r.cpu));
  return {
    rps,
    cpu,
    cpuUsPerRequest: (cpu / rps) * 1e6,
    serverCpu: median(runs.map((r) => r.serverCpu)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    runs,
  };
}

export async function throughput(ctx: BenchContext) {
  const mock = await tools.startServer('mock');
  try {
    const { member } = await seedMember(mock.url, 'bench-throughput-');
    const t = lookupTarget(mock.url, member, 'bench-lookup');
    const bytes = await probe(t);
    const o = { connections, seconds, serverPid: mock.pid };
    const env = {
      URL: t.url,
      BODY: t.body,
      AUTH: t.headers.Authorization ?? '',
      VUS: String(connections),
      DURATION: `${seconds}s`,
    };
    let n = 0;
    const runners: Record<string, () => Promise<tools.Load>> = {
      engine: () => tools.engine(ctx.postBundle, env, { ...o, outDir: `${ctx.workDir}/throughput-engine-${n++}` }),
      autocannon: () => tools.autocannon(t, o),
    };
    const baseline = ctx.baseline;
    if (baseline) {
      runners.baseline = () =>
        tools.engine(ctx.postBundle, env, {
          ...o,
          outDir: `${ctx.workDir}/throughput-baseline-${n++}`,
          child: baseline.child,
        });
    }
    const wrkPath = ctx.wrkPath;
    if (wrkPath) runners.wrk = () => tools.wrk(wrkPath, ctx.workDir, t, o);
    // Warms the mock's JIT so the first tool in a round is not penalised.
    await tools.autocannon(t, { ...o, seconds: 1 });
    const runs = await alternate(rounds(baseline !== undefined), runners);
    const by = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, figures(v)]));
    const rps = (tool: string) => (runs[tool] ?? []).map((r) => r.rps);
    // Requests per core used: steadier than the rate when other work on the machine takes cores away.
    const perCore = (tool: string) => (runs[tool] ?? []).map((r) => r.rps / r.cpu);
    return {
      endpoint: 'POST get_user_offers (Lookup), one seeded member, fixed body',
      responseBytes: bytes,
      connections,
      seconds,
      rounds: rounds(baseline !== undefined),
      tools: by,
      engine_vs_autocannon: pairedRatio(rps('engine'), rps('autocannon')),
      engine_vs_wrk: wrkPath ? pairedRatio(rps('engine'), rps('wrk')) : Number.NaN,
      engine_vs_autocannon_per_core: pairedRatio(perCore('engine'), perCore('autocannon')),
      ...(baseline
        ? {
            baselineRef: baseline.ref,
            baseline_vs_autocannon: pairedRatio(rps('baseline'), rps('autocannon')),
            baseline_vs_autocannon_per_core: pairedRatio(perCore('baseline'), perCore('autocannon')),
            engine_vs_baseline: pairedRatio(rps('engine'), rps('baseline')),
          }
        : {}),
    };
  } finally {
    await mock.stop();
  }
}
