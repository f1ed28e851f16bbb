// A load run's second stage: k6 or the embedded engine in a child process, and what it leaves. The engine runs
// through its CLI, so a mock in this process keeps its core and the engine gets the other, and neither's event
// loop skews the other's timings. The child writes into a scratch folder of its own: handleSummary's summary.json
// into OUT_DIR, as on k6, and the engine's timeseries.json into a folder beside it (its --scratch: --out that goes
// unnamed, as the folder is deleted here; it also holds the engine's copy of summary.json, unread: each file read here
// has one writer). The run folder is reporting's to write.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childExitCode } from '../../client/exit-codes.ts';
import { nodeEntry } from '../../client/node-entry.ts';
import type { Member } from '../lib/members.ts';
import type { K6Summary, Timeseries } from '../results.ts';
import type { Engine } from './prepare.ts';

const root = resolve(import.meta.dirname, '..', '..');

export interface LaunchOptions {
  bundle: string;
  engine: Engine;
  /** The script's env (scriptEnv): through the environment, not -e flags, so the API key stays off the process list. */
  env: Record<string, string>;
  /** Also write k6's JSON-lines metrics here. */
  jsonOut?: string;
  /** Written for the script as its MEMBERS_FILE. */
  members?: Member[];
  /** Called with the child's pid once it runs; what it returns is called when the child has exited. */
  onStart?: (pid: number) => (() => void) | undefined;
  /** The child's stdout and stderr; default this process's. */
  output?: (text: string) => void;
}

/** What the generator left: its exit code, which one it was, and the files it wrote. */
export interface Launched {
  exitCode: number;
  engine: Engine;
  pid: number;
  summary?: K6Summary;
  timeseries?: Timeseries;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function launch(o: LaunchOptions): Promise<Launched> {
  // k6 writes handleSummary's files without creating folders: this one exists before the run.
  const scratch = await mkdtemp(join(tmpdir(), 'load-run-'));
  try {
    const env: Record<string, string> = { ...o.env, OUT_DIR: scratch };
    if (o.members) {
      env.MEMBERS_FILE = join(scratch, 'members.json');
      await writeFile(env.MEMBERS_FILE, JSON.stringify(o.members));
    }
    const json = o.jsonOut ? ['--out', `json=${o.jsonOut}`] : [];
    const [command, args] =
      o.engine === 'k6'
        ? ['k6', ['run', ...json, o.bundle]]
        : [
            process.execPath,
            [...nodeEntry('load/engine/cli.ts'), 'run', o.bundle, '--scratch', join(scratch, 'engine'), ...json],
          ];
    const child = spawn(command, args, {
      stdio: o.output ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      cwd: root,
      env: { ...process.env, ...env },
    });
    if (o.output) {
      child.stdout?.on('data', (chunk: Buffer) => o.output?.(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => o.output?.(chunk.toString()));
    }
    const exited = new Promise<number>((done, fail) => {
      child.on('error', fail);
      child.on('close', (code, signal) => done(childExitCode(code, signal)));
    });
    const stop = child.pid === undefined ? undefined : o.onStart?.(child.pid);
    const exitCode = await exited.finally(() => stop?.());
    const launched: Launched = { exitCode, engine: o.engine, pid: child.pid as number };
    const summary = await readJson<K6Summary>(join(scratch, 'summary.json'));
    const timeseries = await readJson<Timeseries>(join(scratch, 'engine', 'timeseries.json'));
    if (summary) launched.summary = summary;
    if (timeseries) launched.timeseries = timeseries;
    return launched;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
