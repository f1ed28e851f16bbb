// Child processes of a bench run: each in its own process group, so killing the group also ends whatever it
// started; every one still alive is killed when the run ends, even on failure.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const live = new Set<ChildProcess>();

export function start(cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then SIGKILL if the group's leader is still there after `graceMs`. */
export async function stopGently(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child), graceMs);
  await exited;
  clearTimeout(timer);
}

export function killAll(): void {
  for (const child of live) killGroup(child);
  live.clear();
}

/** Node's arguments for a child: tsx for a .ts script; BENCH_CPU_PROF=DIR adds a V8 CPU profile of each. */
export function nodeArgs(script: string, args: string[]): string[] {
  const prof = process.env.BENCH_CPU_PROF;
  const tsx = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), ...tsx, script, ...args];
}

/** Collects a child's stdout and exit code; kills its group after `timeoutMs`. */
export function finish(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${child.spawnfile} did not finish within ${timeoutMs / 1000}s; killed. ${stderr.slice(-500)}`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Resolves with the first stdout line matching `re`, or rejects when the child exits or times out first. */
export function firstLine(
  child: ChildProcess,
  re: RegExp,
  timeoutMs: number,
  from: 'stdout' | 'stderr' = 'stdout',
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child[from] as NodeJS.ReadableStream });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d).slice(-2000);
    });
    const onExit = (code: number | null) => fail(`exited with ${code} before printing "${re.source}"`);
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`${child.spawnargs.join(' ')}: ${why}: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`no "${re.source}" line within ${timeoutMs / 1000}s`), timeoutMs);
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const m = re.exec(line);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(m);
    });
  });
}

const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds (user + system, all threads) a live process has used, from /proc/PID/stat; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return Number.NaN;
  }
  // Fields after the parenthesised command name, which may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Cores a process keeps busy between now and `ms` later (1 = one full core). */
export async function cpuOver(pids: number[], ms: number): Promise<number[]> {
  const before = pids.map(cpuSeconds);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const seconds = (performance.now() - t0) / 1000;
  return pids.map((pid, i) => (cpuSeconds(pid) - (before[i] as number)) / seconds);
}

/** For server children: exit once the bench that started them is gone, even if it was killed with SIGKILL. */
export function exitWithParent(): void {
  const parent = process.ppid;
  process.on('SIGTERM', () => process.exit(0));
  setInterval(() => process.ppid !== parent && process.exit(0), 500).unref();
}

/**
 * The CPU seconds of each process, sampled every `everyMs` until `end()`. `cores(seconds)` is what each kept busy
 * over the `seconds` before the first process (the generator) exited, less `trimS` at either end: its start-up and
 * its summary are left out.
 */
export function cpuTrail(pids: number[], everyMs = 250) {
  const samples: { at: number; cpu: number[] }[] = [];
  const take = () => samples.push({ at: performance.now(), cpu: pids.map(cpuSeconds) });
  take();
  const timer = setInterval(take, everyMs);
  return {
    end: () => clearInterval(timer),
    cores(seconds: number, trimS = 0.5): number[] {
      const alive = samples.filter((s) => Number.isFinite(s.cpu[0]));
      const endAt = (alive.at(-1)?.at ?? 0) - trimS * 1000;
      const startAt = endAt - (seconds - 2 * trimS) * 1000;
      const first = alive.find((s) => s.at >= startAt);
      const last = alive.filter((s) => s.at <= endAt).at(-1);
      if (!first || !last || last.at <= first.at) return pids.map(() => Number.NaN);
      return pids.map((_, i) => ((last.cpu[i] as number) - (first.cpu[i] as number)) / ((last.at - first.at) / 1000));
    },
  };
}
