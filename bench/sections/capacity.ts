// 2. Mock capacity: Lookup and Lock on the mock against a bare node:http server answering as many bytes, driven by
// the same tool (wrk, else autocannon). Each request carries a new request_id, so the mock does the real work
// (schema check, store, answer) instead of replaying its idempotency cache.
import type { BenchContext } from '../context.ts';
import { alternate, median, pairedRatio } from '../stats.ts';
import { lockTarget, lookupTarget, probe, requestIdMarker, seedMember, type Target } from '../target.ts';
import * as tools from '../tools.ts';

const connections = 50;
const seconds = 3;
const rounds = 2;

export async function capacity(ctx: BenchContext) {
  const servers: tools.Server[] = [];
  const server = async (...args: Parameters<typeof tools.startServer>) => {
    const s = await tools.startServer(...args);
    servers.push(s);
    return s;
  };
  try {
    const mock = await server('mock');
    const lookup = lookupTarget(mock.url, (await seedMember(mock.url, 'bench-lookup-')).member, requestIdMarker);
    const lock = lockTarget(mock.url, (await seedMember(mock.url, 'bench-lock-')).userOfferId, requestIdMarker);
    const bytes = { lookup: await probe(lookup), lock: await probe(lock) };
    const bareLookup = await server('bare', bytes.lookup);
    const bareLock = await server('bare', bytes.lock);
    const wrkPath = ctx.wrkPath;
    let run = 0;
    const drive = (t: Target, s: tools.Server) => () => {
      const o = { connections, seconds, serverPid: s.pid };
      // Numbering restarts in every run: a run prefix keeps ids from meeting an earlier run's in the cache.
      const fresh = { ...t, body: t.body.replace(requestIdMarker, `run${run++}-${requestIdMarker}`) };
      return wrkPath ? tools.wrk(wrkPath, ctx.workDir, fresh, o) : tools.autocannon(fresh, o);
    };
    const at = (t: Target, s: tools.Server): Target => ({ ...t, url: s.url + new URL(t.url).pathname });
    const runs = await alternate(rounds, {
      mockLookup: drive(lookup, mock),
      bareLookup: drive(at(lookup, bareLookup), bareLookup),
      mockLock: drive(lock, mock),
      bareLock: drive(at(lock, bareLock), bareLock),
    });
    const rps = (k: string) => (runs[k] ?? []).map((r) => r.rps);
    const figures = (k: string) => ({
      rps: median(rps(k)),
      serverCpu: median((runs[k] ?? []).map((r) => r.serverCpu)),
      p50Ms: median((runs[k] ?? []).map((r) => r.p50Ms)),
      errors: (runs[k] ?? []).reduce((a, r) => a + r.errors, 0),
    });
    return {
      tool: wrkPath ? 'wrk' : 'autocannon',
      connections,
      seconds,
      rounds,
      responseBytes: bytes,
      servers: Object.fromEntries(Object.keys(runs).map((k) => [k, figures(k)])),
      mock_vs_bare_node: {
        lookup: pairedRatio(rps('mockLookup'), rps('bareLookup')),
        lock: pairedRatio(rps('mockLock'), rps('bareLock')),
      },
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
