import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeEntry } from '../../client/node-entry.ts';
import { inPhase, latencySteps } from '../../load/lib/names.ts';
import type { K6Summary } from '../../load/results.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'load-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (...args: string[]) =>
  spawnSync(process.execPath, [...nodeEntry('scripts/load.ts'), ...args], { cwd: root, encoding: 'utf8' });

describe('npm run load: bad options exit 2 with a message, before anything runs', () => {
  it('names the field of a bad faults file', () => {
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ rules: [{ route: 'lockUserOffer', latency: { kind: 'fixed' } }] }));
    const run = load('--faults', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`--faults ${file}: .*/rules/0/latency`));
  });

  it('refuses faults for a target it does not start', () => {
    const run = load('--faults', join(dir, 'none.json'), '--target', 'http://127.0.0.1:9');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--faults applies to the embedded mock, not to --target/);
  });

  it('refuses a second output folder', () => {
    const run = load('--out', join(dir, 'a'), '--out', join(dir, 'b'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out DIR given 2 times/);
  });
});

describe('npm run load: the run folder, written by the command, compared with a saved run', () => {
  it('compares with the --baseline folder, writes every report into --out and fails 99 on the regression', async () => {
    // A saved run 1000 times faster than any: every step regresses.
    const baseline = join(dir, 'fast-run');
    mkdirSync(baseline);
    const fast: K6Summary = {
      metrics: {
        ...Object.fromEntries(
          latencySteps.map((s) => [s.metric, { type: 'trend', values: { 'p(95)': 0.001, 'p(99)': 0.001 } }]),
        ),
        [inPhase('http_req_failed', 'flow')]: { type: 'rate', values: { rate: 0, passes: 0, fails: 10 } },
      },
    };
    writeFileSync(join(baseline, 'summary.json'), JSON.stringify(fast));
    const out = join(dir, 'run');
    const args = ['--profile', 'smoke', '--engine', 'node', '--baseline', baseline, '--out', out];
    const child = spawn(process.execPath, [...nodeEntry('scripts/load.ts'), ...args], {
      cwd: root,
      env: { ...process.env, RATE: '10', DURATION: '2s' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => child.on('close', done));

    expect(code, stderr).toBe(99);
    expect(stdout).toContain(`; output ${out}`);
    expect(stdout).toMatch(/^baseline .*fast-run: REGRESSION in \d+ of \d+$/m);
    expect(stdout).toContain(`report: ${out}/report.html`);
    for (const file of ['summary.json', 'timeseries.json', 'run.json', 'report.html', 'junit.xml', 'summary.md']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ kind: 'load', settings: { profile: 'smoke' }, baseline: { ok: false } });
    expect(run.baseline.source).toMatch(/fast-run$/);
    // The engine ran in a scratch folder that is gone: no line names it.
    expect(`${stdout}${stderr}`).not.toMatch(/engine: wrote/);
  }, 90_000);
});
