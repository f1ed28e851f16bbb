// Runs each server and each load generator as a child process, and measures the generator's and the server's CPU
// over the middle of the run (/proc/PID/stat), so start-up (tsx, bundle loading) is left out of both.
import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { childPath } from './bundle.ts';
import { cpuOver, finish, firstLine, nodeArgs, start, stopGently } from './procs.ts';
import { requestIdMarker, type Target } from './target.ts';
import { parseWrk, type ToolReport, wrkLua } from './wrk.ts';

const root = resolve(import.meta.dirname, '..');

export interface Server {
  url: string;
  pid: number;
  /** SIGTERM, so a profiled server writes its profile; SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export async function startServer(kind: 'mock' | 'bare' | 'delay' | 'stall', ...args: number[]): Promise<Server> {
  const script = kind === 'mock' ? join(root, 'bench', 'serve-mock.ts') : childPath('serve');
  const child = start(process.execPath, nodeArgs(script, [kind, ...args.map(String)]), { cwd: root });
  const [, url] = await firstLine(child, /^listening on (\S+)$/, 20_000);
  return { url: url as string, pid: child.pid as number, stop: () => stopGently(child) };
}

export interface Load extends ToolReport {
  rps: number;
  /** Cores in use over the middle of the run (1 = one full core). */
  cpu: number;
  serverCpu: number;
}

/** The CPU window: the run less its first half second and its last half second. */
async function cpuWindow(gen: ChildProcess, serverPid: number, seconds: number) {
  await new Promise((r) => setTimeout(r, 500));
  const [cpu = Number.NaN, serverCpu = Number.NaN] = await cpuOver(
    [gen.pid as number, serverPid],
    seconds * 1000 - 1000,
  );
  return { cpu, serverCpu };
}

const resultLine = (stdout: string, who: string) => {
  const line = stdout.split('\n').find((l) => l.startsWith('result '));
  if (!line) throw new Error(`${who} printed no result line:\n${stdout.slice(-1000)}`);
  return JSON.parse(line.slice(7));
};

async function measured(child: ChildProcess, serverPid: number, seconds: number, who: string, marker: boolean) {
  const done = finish(child, seconds * 1000 + 60_000);
  if (marker) await firstLine(child, /^started$/, 20_000);
  const [usage, out] = await Promise.all([cpuWindow(child, serverPid, seconds), done]);
  if (out.code !== 0 && !marker) throw new Error(`${who} exited with ${out.code}: ${out.stderr.slice(-1000)}`);
  return { usage, out };
}

let luaFiles = 0;

export async function wrk(
  wrkPath: string,
  luaDir: string,
  t: Target,
  o: { connections: number; seconds: number; serverPid: number },
) {
  const lua = join(luaDir, `wrk-${++luaFiles}.lua`);
  await writeFile(lua, wrkLua(t));
  const args = ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--latency', '-s', lua, t.url];
  const { usage, out } = await measured(start(wrkPath, args), o.serverPid, o.seconds, 'wrk', false);
  const r = parseWrk(out.stdout);
  return { ...r, rps: r.requests / r.seconds, ...usage };
}

export async function autocannon(
  t: Target,
  o: { connections: number; seconds: number; serverPid: number },
): Promise<Load> {
  const marker = t.body.includes(requestIdMarker) ? requestIdMarker : undefined;
  const spec = JSON.stringify({ ...t, connections: o.connections, seconds: o.seconds, method: 'POST', marker });
  const child = start(process.execPath, nodeArgs(childPath('autocannon-child'), [spec]), { cwd: root });
  const { usage, out } = await measured(child, o.serverPid, o.seconds, 'autocannon', true);
  const r = resultLine(out.stdout, 'autocannon') as ToolReport;
  return { ...r, rps: r.requests / r.seconds, ...usage };
}

export interface EngineValues {
  exitCode: number;
  error?: string;
  metrics: Record<string, Record<string, number>>;
  maxRssMb: number;
  /** What the VUs initialised before the start cost (engines that report it). */
  vuInit?: { vus: number; ms: number; rssDeltaMb: number };
}

/** One run of a bench bundle on the embedded engine; `env` is the script's __ENV. */
export async function engine(
  bundle: string,
  env: Record<string, string>,
  o: { seconds: number; serverPid: number; outDir: string; child?: string },
): Promise<Load & EngineValues> {
  // The redemption script writes into OUT_DIR (this folder), and k6 creates no folder for it.
  await mkdir(o.outDir, { recursive: true });
  const child = start(process.execPath, nodeArgs(o.child ?? childPath('engine-child'), [bundle, o.outDir]), {
    cwd: root,
    env: { ...process.env, ...env },
  });
  const { usage, out } = await measured(child, o.serverPid, o.seconds, 'engine', true);
  const r = resultLine(out.stdout, 'the engine') as EngineValues;
  const m = r.metrics;
  const d = m.http_req_duration ?? {};
  const requests = m.http_reqs?.count ?? 0;
  return {
    ...r,
    requests,
    seconds: requests / (m.http_reqs?.rate || 1),
    rps: m.http_reqs?.rate ?? 0,
    p50Ms: d.med ?? Number.NaN,
    p99Ms: d['p(99)'] ?? Number.NaN,
    maxMs: d.max ?? Number.NaN,
    errors: Math.round((m.http_req_failed?.rate ?? 0) * requests),
    ...usage,
  };
}
