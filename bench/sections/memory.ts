// 6. Memory: the engine's peak RSS with 2,000 iterations in flight (2,000 VUs, each request held ~1 s).
import type { BenchContext } from '../context.ts';
import * as tools from '../tools.ts';

const vus = 2000;
const holdMs = 1000;
const seconds = 4;

export async function memory(ctx: BenchContext) {
  const server = await tools.startServer('delay', holdMs, 0);
  try {
    const env = { URL: `${server.url}/`, BODY: '{}', VUS: String(vus), DURATION: `${seconds}s` };
    const o = { seconds, serverPid: server.pid, outDir: `${ctx.workDir}/memory-engine` };
    const run = await tools.engine(ctx.postBundle, env, o);
    return {
      vus,
      holdMs,
      seconds,
      requests: run.requests,
      p50Ms: run.p50Ms,
      errors: run.errors,
      engine_rss_mb_2k_inflight: run.maxRssMb,
    };
  } finally {
    await server.stop();
  }
}
