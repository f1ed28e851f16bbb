// 3. Latency accuracy: a server answering after exactly D ms, at a low rate (no queueing); the engine's p50 and p99
// against D and against wrk's own (microsecond) figures.
import type { BenchContext } from '../context.ts';
import * as tools from '../tools.ts';

const delayMs = 20;
const connections = 10;
const seconds = 4;

export async function latency(ctx: BenchContext) {
  const server = await tools.startServer('delay', delayMs);
  try {
    const t = { url: `${server.url}/`, headers: { 'Content-Type': 'application/json' }, body: '{}' };
    const o = { connections, seconds, serverPid: server.pid };
    const env = { URL: t.url, BODY: t.body, VUS: String(connections), DURATION: `${seconds}s` };
    const engine = await tools.engine(ctx.postBundle, env, { ...o, outDir: `${ctx.workDir}/latency-engine` });
    const reference = ctx.wrkPath ? await tools.wrk(ctx.wrkPath, ctx.workDir, t, o) : undefined;
    const pick = (r: tools.Load) => ({ p50Ms: r.p50Ms, p99Ms: r.p99Ms, maxMs: r.maxMs, rps: r.rps, errors: r.errors });
    return {
      delayMs,
      connections,
      seconds,
      engine: pick(engine),
      ...(reference ? { wrk: pick(reference) } : {}),
      latency_error_p50_ms: engine.p50Ms - delayMs,
      latency_error_p99_ms: engine.p99Ms - delayMs,
      engine_minus_wrk_p50_ms: reference ? engine.p50Ms - reference.p50Ms : Number.NaN,
      engine_minus_wrk_p99_ms: reference ? engine.p99Ms - reference.p99Ms : Number.NaN,
    };
  } finally {
    await server.stop();
  }
}
