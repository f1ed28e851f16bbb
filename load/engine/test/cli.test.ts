// The engine's command line and its progress output: where it writes, what -q silences, and k6's progress block
// for a log without a terminal.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeEntry } from '../../../client/node-entry.ts';
import type { ScenarioState } from '../context.ts';
import {
  fixedDuration,
  formatGoDuration,
  k6ProgressBlock,
  NON_TTY_INTERVAL_MS,
  Progress,
  type ProgressSnapshot,
} from '../progress.ts';
import type { Runtime } from '../runtime.ts';

const root = resolve(import.meta.dirname, '../../..');
const cwd = mkdtempSync(join(tmpdir(), 'engine-cli-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function engine(args: string[]) {
  // By path: the working directory is a scratch folder without node_modules.
  const child = spawn(process.execPath, [...nodeEntry('load/engine/cli.ts'), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // Generous: it must finish, not hang.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    }),
  );
}

describe('npm run engine', () => {
  const bundle = join(cwd, 'tiny.js');
  writeFileSync(
    bundle,
    [
      "export const options = { scenarios: { tiny: { executor: 'shared-iterations', vus: 1, iterations: 2 } } };",
      'export default function () {}',
      "export function handleSummary() { return { stdout: 'SUMMARY FROM THE SCRIPT\\n' }; }",
    ].join('\n'),
  );
  const out = join(cwd, 'runs', 'one');

  it('answers --help with the env a bundle needs, and starts nothing', async () => {
    const help = await engine(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run engine -- run BUNDLE\.js/);
    expect(help.stdout).toContain('-e TARGET_KIND=mock -e SESSIONM_BASE_URL=');
    expect(help.stdout).toContain('TARGET_KIND=live -e MEMBERS_FILE=');
    expect((await engine(['walk', bundle])).code).toBe(2);
  });

  it('says where it wrote, writes nothing into the working directory, and creates the --out json= folder', async () => {
    const run = await engine(['run', bundle, '--out', out, '--out', 'json=new/folder/points.jsonl']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('SUMMARY FROM THE SCRIPT');
    expect(run.stderr).toContain(
      `engine: wrote ${join(out, 'summary.json')}, ${join(out, 'timeseries.json')}, ${join(cwd, 'new/folder/points.jsonl')}`,
    );
    expect(existsSync(join(cwd, 'new/folder/points.jsonl'))).toBe(true);
    // Only what was asked for: the bundle, --out and the json file's folder.
    expect(readdirSync(cwd).sort()).toEqual(['new', 'runs', 'tiny.js']);
  });

  it('-q is quiet: no progress, no summary on stdout, nothing on stderr; the files are still written', async () => {
    const quiet = join(cwd, 'runs', 'quiet');
    const run = await engine(['run', bundle, '--out', quiet, '-q']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    expect(existsSync(join(quiet, 'summary.json'))).toBe(true);
  });

  it('--scratch writes the files as --out does and names only the --out json= file (the load pipeline deletes it)', async () => {
    const scratch = join(cwd, 'runs', 'scratch');
    const points = join(cwd, 'runs', 'points.jsonl');
    const run = await engine(['run', bundle, '--scratch', scratch, '--out', `json=${points}`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('SUMMARY FROM THE SCRIPT');
    expect(run.stderr).toContain(`engine: wrote ${points}\n`);
    expect(run.stderr).not.toContain(scratch);
    for (const file of ['summary.json', 'timeseries.json']) expect(existsSync(join(scratch, file)), file).toBe(true);
    const both = await engine(['run', bundle, '--scratch', scratch, '--out', out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^--out DIR and --scratch DIR: give one folder\n/);
  });

  it('without --out writes no file, as k6 writes none unasked: only what handleSummary returns', async () => {
    const engineReports = join(root, 'reports', 'engine');
    const listing = () => [readdirSync(cwd).sort(), existsSync(engineReports) ? readdirSync(engineReports) : []];
    const before = listing();
    const run = await engine(['run', bundle]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('SUMMARY FROM THE SCRIPT');
    expect(run.stderr).not.toContain('engine: wrote');
    expect(listing()).toEqual(before);
  });

  it('prints a script error in one line, with where in the script, not the engine stack', async () => {
    const broken = join(cwd, 'broken.js');
    writeFileSync(
      broken,
      "function needsEnv() { throw new Error('MEMBERS_FILE is missing'); }\nneedsEnv();\nexport default function () {}",
    );
    const run = await engine(['run', broken, '--out', join(cwd, 'runs', 'broken')]);
    expect(run.code).toBe(107);
    expect(run.stderr.trim()).toBe(
      'ERRO init: Error: MEMBERS_FILE is missing (at needsEnv ← (top level) in broken.js)',
    );
    rmSync(broken);
  });
});

describe("k6's progress block without a terminal", () => {
  const snapshot: ProgressSnapshot = {
    elapsedMs: 10_000,
    maxDurationMs: 60_000,
    maxVUs: 100,
    vusActive: 10,
    vusInitialized: 12,
    complete: 1990,
    interrupted: 0,
    scenarios: [
      {
        name: 'redemption',
        executor: 'constant-arrival-rate',
        spentMs: 10_000,
        durationMs: 30_000,
        vus: 0,
        maxVUs: 100,
        running: 10,
        active: 12,
        ratePerS: 200,
        peakRatePerS: 200,
        iterationsDone: 0,
        iterationsTotal: 0,
        iterationsPerVU: 0,
      },
    ],
  };

  it('is laid out as k6 lays it out: run stats, then each scenario with its share as a percentage', () => {
    expect(k6ProgressBlock(snapshot)).toBe(
      '\nrunning (0m10.0s), 010/012 VUs, 1990 complete and 0 interrupted iterations\n' +
        'redemption   [  33% ] 010/012 VUs  10.0s/30s  200.00 iters/s\n',
    );
    const done = {
      ...snapshot,
      scenarios: [{ ...(snapshot.scenarios[0] as ProgressSnapshot['scenarios'][0]), spentMs: 30_000 }],
    };
    expect(k6ProgressBlock(done)).toContain('redemption ✓ [ 100% ] 010/012 VUs  30s  200.00 iters/s\n');
  });

  it('formats durations as Go and k6 do', () => {
    expect(formatGoDuration(30_000)).toBe('30s');
    expect(formatGoDuration(90_000)).toBe('1m30s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(fixedDuration(5_000, 9_000)).toBe('5.0s');
    expect(fixedDuration(5_000, 30_000)).toBe('05.0s');
    expect(fixedDuration(65_300, 300_000)).toBe('1m05.3s');
    expect(fixedDuration(65_300, 3_000_000)).toBe('01m05.3s');
    expect(fixedDuration(3_665_300, 7_200_000)).toBe('1h01m05.3s');
  });

  it('comes every 10 s and once at the end, never as a redrawn line', () => {
    let now = 0;
    const rt = {
      elapsedMs: () => now,
      testStart: 0,
      vusActive: 1,
      vusInitialized: 1,
      iterationsCompleted: 0,
      iterationsInterrupted: 0,
    } as unknown as Runtime;
    const state = {
      startedAt: 2000,
      iterationsStarted: 0,
      activeVUs: 1,
      config: {
        name: 's',
        executor: 'constant-vus',
        startTimeMs: 0,
        durationMs: 25_000,
        gracefulStopMs: 30_000,
        vus: 1,
        maxVUs: 0,
        startVUs: 0,
        iterations: 0,
        rate: 0,
        timeUnitMs: 1000,
        startRate: 0,
        stages: [],
      },
    } as unknown as ScenarioState;
    const written: string[] = [];
    const progress = new Progress(rt, { write: (s: string) => written.push(s) > 0 } as never, false, [state]);
    for (now = 1000; now <= 25_000; now += 1000) progress.update();
    now = 25_000;
    progress.clear();
    progress.finish();
    expect(NON_TTY_INTERVAL_MS).toBe(10_000);
    expect(written).toHaveLength(3);
    expect(written.map((w) => /running \(([^)]+)\)/.exec(w)?.[1])).toEqual(['10.0s', '20.0s', '25.0s']);
    // The scenario counts from its own start (after setup): 8 of its 25 s at the first block.
    expect(written[0]).toContain('[  32% ] 1 VUs  08.0s/25s');
    expect(written.join('')).not.toContain('\r');
  });
});
