// 4. Coordinated omission: the server goes silent for 1 s every 5 s. The engine at a constant arrival rate keeps
// scheduling through the stall, so the stall shows in its p99/max and dropped iterations; a closed-model tool
// (autocannon without a rate) just waits, sends less, and its percentiles hide the stall.
import type { BenchContext } from '../context.ts';
import * as tools from '../tools.ts';

const periodMs = 5000;
const pauseMs = 1000;
/** Any 6 s window holds one whole pause. */
const seconds = 6;
const rate = 500;
const connections = 50;

export async function omission(ctx: BenchContext) {
  const server = await tools.startServer('stall', periodMs, pauseMs);
  try {
    const t = { url: `${server.url}/`, headers: { 'Content-Type': 'application/json' }, body: '{}' };
    const o = { connections, seconds, serverPid: server.pid };
    // Half the VUs a stall needs: the other half of its arrivals must show up as dropped iterations.
    const maxVUs = (rate * pauseMs) / 1000 / 2;
    const env = {
      URL: t.url,
      BODY: t.body,
      MODE: 'rate',
      RATE: String(rate),
      VUS: String(connections),
      MAX_VUS: String(maxVUs),
      DURATION: `${seconds}s`,
    };
    const engine = await tools.engine(ctx.postBundle, env, { ...o, outDir: `${ctx.workDir}/omission-engine` });
    const closed = await tools.autocannon(t, o);
    const lag = engine.metrics.engine_schedule_lag ?? {};
    return {
      stall: { everyMs: periodMs, forMs: pauseMs },
      seconds,
      engine: {
        rate,
        maxVUs,
        requests: engine.requests,
        p99Ms: engine.p99Ms,
        maxMs: engine.maxMs,
        droppedIterations: engine.metrics.dropped_iterations?.count ?? 0,
        scheduleLagP99Ms: lag['p(99)'] ?? Number.NaN,
        scheduleLagMaxMs: lag.max ?? Number.NaN,
      },
      autocannon: { connections, requests: closed.requests, p99Ms: closed.p99Ms, maxMs: closed.maxMs },
      co_p99_ms: { engine: engine.p99Ms, autocannon: closed.p99Ms },
    };
  } finally {
    await server.stop();
  }
}
