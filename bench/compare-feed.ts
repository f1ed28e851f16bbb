// Side by side: the flow issuing its own offer (load/scripts/redemption.ts) and a feeding scenario LEAD_S ahead
// (bench/k6/redemption-feed.ts), each against the same warmed mock, alternated. Prints one JSON line per run.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { configVariables, defaults } from '../client/config.ts';
import { bundleK6Scripts } from '../load/bundle.ts';
import { bundleBenchScript, bundleChildren } from './bundle.ts';
import { killAll } from './procs.ts';
import * as tools from './tools.ts';

const rate = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 20);
const rounds = Number(process.argv[4] ?? 2);
await bundleChildren();
const [inline] = await bundleK6Scripts();
const feed = await bundleBenchScript('redemption-feed');
const mock = await tools.startServer('mock');
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name, bundle] of [
      ['inline', inline],
      ['feed', feed],
    ] as const) {
      const outDir = `/tmp/td/compare-${name}-${round}`;
      const env: Record<string, string> = Object.fromEntries(Object.keys(configVariables).map((k) => [k, '']));
      Object.assign(env, {
        SESSIONM_API_KEY: defaults.apiKey,
        SESSIONM_BASE_URL: mock.url,
        TARGET_KIND: 'mock',
        PROFILE: 'load',
        RATE: String(rate),
        DURATION: `${seconds}s`,
        LEAD_S: '1',
        OUT_DIR: outDir,
      });
      const r = await tools.engine(bundle as string, env, { seconds: seconds + 1, serverPid: mock.pid, outDir });
      const m = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')).metrics;
      const v = (k: string, s: string) => m[k]?.values?.[s];
      console.log(
        JSON.stringify({
          name,
          round,
          exit: r.exitCode,
          flows: v('redemption_flow_redeemed', 'passes') + v('redemption_flow_redeemed', 'fails'),
          redeemedRate: v('redemption_flow_redeemed', 'rate'),
          conflicts: v('redemption_lock_conflicts', 'count') ?? 0,
          missing: v('redemption_offer_missing', 'count') ?? 0,
          walletAvg: v('redemption_wallet_offers', 'avg'),
          walletMax: v('redemption_wallet_offers', 'max'),
          lookupP50: v('http_req_duration{name:lookup}', 'med'),
          lookupP99: v('http_req_duration{name:lookup}', 'p(99)'),
          lockP99: v('http_req_duration{name:lock}', 'p(99)'),
          flowP50: v('redemption_flow_duration', 'med'),
          flowP99: v('redemption_flow_duration', 'p(99)'),
          iterP50: v('iteration_duration', 'med'),
          vusMax: v('vus_max', 'value'),
          dropped: v('dropped_iterations', 'count') ?? 0,
          engineCpu: r.cpu,
          mockCpu: r.serverCpu,
        }),
      );
    }
  }
} finally {
  await mock.stop();
  killAll();
}
