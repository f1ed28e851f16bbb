// 7. Test data that scales with the run: set-up time of the redemption bundle for the soak profile's full hour,
// next to a minute of it and a minute of smoke, against the mock as `npm run load` runs it (TARGET_KIND=mock) and
// as a live target's run goes (TARGET_KIND=live: a MEMBERS_FILE of fresh members on the mock, every offer through
// the API, as against staging). Then the size of the Lookup answer in the first and the last tenth of a run.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleK6Scripts } from '../../load/bundle.ts';
import { metric } from '../../load/lib/names.ts';
import { scriptEnv } from '../../load/run.ts';
import { childPath } from '../bundle.ts';
import type { BenchContext } from '../context.ts';
import { firstLine, killGroup, nodeArgs, start } from '../procs.ts';
import { round } from '../stats.ts';
import { seedMembers } from '../target.ts';
import * as tools from '../tools.ts';

const runs = [
  { profile: 'soak', duration: '1h' },
  { profile: 'soak', duration: '1m' },
  { profile: 'smoke', duration: '1m' },
] as const;
const bytesSeconds = 20;

/** Runs the bundle until set-up reports, then ends it: the set-up line's seconds and counts. */
async function setupOnly(bundle: string, env: Record<string, string>, outDir: string) {
  const child = start(process.execPath, nodeArgs(childPath('engine-child'), [bundle, outDir]), {
    env: { ...process.env, ...env },
  });
  try {
    // console.log goes to stderr, as k6's does (its logger, source=console).
    const m = await firstLine(
      child,
      /set-up \S+: (\d+) members, (\d+) background offers issued .* in ([\d.]+) s/,
      60_000,
      'stderr',
    );
    return { members: Number(m[1]), backgroundOffers: Number(m[2]), seconds: Number(m[3]) };
  } finally {
    killGroup(child);
  }
}

/** Fresh members with empty wallets on the mock, as a MEMBERS_FILE for a live-kind run. */
async function membersFile(mockUrl: string, count: number, prefix: string, file: string): Promise<string> {
  const users = await seedMembers(mockUrl, prefix, count, 0);
  await writeFile(file, JSON.stringify(users.map((u) => ({ external_customer_id: u.external_customer_id }))));
  return file;
}

/** Mean of a per-second Trend column over [from, to), weighted by each second's count. */
function meanOver(avg: (number | null)[], count: (number | null)[], from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = count[i] ?? 0;
    sum += (avg[i] ?? 0) * c;
    n += c;
  }
  return n === 0 ? Number.NaN : sum / n;
}

export async function testdata(ctx: BenchContext) {
  const [bundle] = await bundleK6Scripts();
  if (!bundle) throw new Error('no k6 script in load/scripts');
  const mock = await tools.startServer('mock');
  try {
    const setup: Record<string, { members: number; backgroundOffers: number; seconds: number }> = {};
    for (const kind of ['mock', 'live'] as const) {
      for (const run of runs) {
        const label = `${kind} ${run.profile} ${run.duration}`;
        const outDir = join(ctx.workDir, `testdata-${kind}-${run.profile}-${run.duration}`);
        const vars: Record<string, string> = { DURATION: run.duration };
        if (kind === 'live') {
          // As many as the soak needs (100 flows/s × 1.5 s p99), fresh each time: nothing topped up already.
          const prefix = `bench-${run.profile}-${run.duration}-${Date.now().toString(36)}-`;
          vars.MEMBERS_FILE = await membersFile(mock.url, 150, prefix, join(ctx.workDir, `${prefix}members.json`));
        }
        // A live target's run with the mock's demo credentials: every offer through the API.
        setup[label] = await setupOnly(bundle, scriptEnv({ kind, url: mock.url }, run.profile, vars), outDir);
        ctx.log(`  set-up ${label}: ${JSON.stringify(setup[label])}`);
      }
    }

    const outDir = join(ctx.workDir, 'testdata-bytes');
    const env = {
      ...scriptEnv({ kind: 'mock', url: mock.url }, 'soak', { DURATION: `${bytesSeconds}s` }),
      OUT_DIR: outDir,
    };
    const r = await tools.engine(bundle, env, { seconds: bytesSeconds, serverPid: mock.pid, outDir });
    const ts = JSON.parse(await readFile(join(outDir, 'timeseries.json'), 'utf8'));
    const bytes = ts.series[metric.lookupBytes]?.columns as Record<string, (number | null)[]> | undefined;
    if (!bytes?.avg || !bytes.count) throw new Error('timeseries.json has no redemption_lookup_bytes');
    // The seconds that ran flows: set-up and teardown are left out.
    const busy = bytes.count.flatMap((c, i) => ((c ?? 0) > 0 ? [i] : []));
    const first = busy[0] ?? 0;
    const last = (busy.at(-1) ?? 0) + 1;
    const tenth = Math.max(1, Math.round((last - first) / 10));
    const firstTenth = meanOver(bytes.avg, bytes.count, first, first + tenth);
    const lastTenth = meanOver(bytes.avg, bytes.count, last - tenth, last);
    const wallet = r.metrics[metric.walletOffers] ?? {};
    return {
      setup,
      setup_s_live_soak_1h: setup['live soak 1h']?.seconds,
      lookup_bytes: {
        firstTenth: round(firstTenth, 1),
        lastTenth: round(lastTenth, 1),
        last_vs_first: round(lastTenth / firstTenth, 3),
        walletOffersMin: wallet.min,
        walletOffersMax: wallet.max,
        exitCode: r.exitCode,
      },
    };
  } finally {
    await mock.stop();
  }
}
