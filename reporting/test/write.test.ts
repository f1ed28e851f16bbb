import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { nodeEntry } from '../../client/node-entry.ts';
import { runDirName, updateLatest } from '../run-folder.ts';
import type { K6Summary } from '../types.ts';
import { readRun, writeReports } from '../write.ts';
import * as fx from './fixtures/index.ts';

const run = promisify(execFile);
const AT = new Date('2025-01-31T12:00:00.000Z');

async function reportsDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'reports-'));
}

describe('writeReports', () => {
  it('writes the reports and the inputs, and rebuilds the same reports from the folder', async () => {
    const root = await reportsDir();
    const dir = join(root, runDirName('load', AT));
    expect(dir.endsWith('2025-01-31T12-00-00-000Z-load')).toBe(true);
    const input = {
      load: {
        summary: fx.summary(),
        timeseries: fx.timeseries(),
        settings: fx.settings(),
        errorsByCode: { LOCK_CONFLICT: 414 },
      },
      verify: { interactions: fx.interactions() },
    };
    await writeReports(dir, input, { generatedAt: AT });
    const read = (f: string) => readFile(join(dir, f), 'utf8');
    expect(JSON.parse(await read('summary.json'))).toEqual(fx.summary());
    expect(await read('summary.md')).toContain('## load run: ❌ failed');
    expect(await read('junit.xml')).toContain('<testsuites tests="10" failures="2" skipped="0">');
    const html = await read('report.html');

    const back = await readRun(dir);
    expect(back).toEqual({ ...input, kind: 'load' });
    await writeReports(dir, back, { generatedAt: AT, updateLatest: false });
    expect(await read('report.html')).toBe(html);
    expect(await readlink(join(root, 'latest'))).toBe('2025-01-31T12-00-00-000Z-load');
  });

  it('refuses a folder with nothing to report', async () => {
    await expect(readRun(await reportsDir())).rejects.toThrow(/neither summary.json nor verification.json/);
  });
});

describe('updateLatest', () => {
  it('points latest at the newest run folder and moves it when a newer one appears', async () => {
    const root = await reportsDir();
    const older = runDirName('verify', new Date('2025-01-01T00:00:00Z'));
    const newer = runDirName('load', new Date('2025-02-01T00:00:00Z'));
    await mkdir(join(root, newer));
    await mkdir(join(root, older));
    await mkdir(join(root, 'benchmarks'));
    expect(await updateLatest(root)).toBe(newer);
    expect(await readlink(join(root, 'latest'))).toBe(newer);
    const newest = runDirName('start', new Date('2025-03-01T00:00:00Z'));
    await mkdir(join(root, newest));
    await updateLatest(root);
    expect(await readlink(join(root, 'latest'))).toBe(newest);
  });

  it('leaves no link when there is no run yet', async () => {
    const root = await reportsDir();
    expect(await updateLatest(root)).toBeUndefined();
    await expect(readlink(join(root, 'latest'))).rejects.toThrow(/ENOENT/);
  });
});

describe('npm run report', () => {
  it('regenerates a run folder with a baseline comparison', async () => {
    const root = await reportsDir();
    const dir = join(root, runDirName('load', AT));
    await mkdir(dir);
    const slower: K6Summary = fx.summary();
    (slower.metrics.redemption_flow_duration as { values: Record<string, number> }).values['p(95)'] = 40;
    await writeFile(join(dir, 'summary.json'), JSON.stringify(slower));
    const base = join(root, 'base');
    await mkdir(base);
    await writeFile(join(base, 'summary.json'), JSON.stringify(fx.summary()));

    const cli = nodeEntry('reporting/cli.ts');
    // A regression: exit 99 as npm run load would, the verdict and the comparison with units on the console.
    const regressed = await run(process.execPath, [...cli, dir, '--baseline', base, '--p95-pct', '50']).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(regressed?.code).toBe(99);
    expect(regressed?.stdout).toContain(join(dir, 'report.html'));
    expect(regressed?.stdout).toContain('  ✗ whole flow p95 40.0 ms vs 24.9 ms (+61 %), limit +50 %');
    expect(regressed?.stderr).toMatch(/^report: FAILED: .*regression against the baseline/m);
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('Tolerance: p95 +50%');
    expect(md).toContain('| ❌ | whole flow p95 | 24.9 ms | 40.0 ms | +60.6% |');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('<section id="baseline">');
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toContain('No time series for this run');

    // The fixture fails one threshold of its own: 99 all the same, but no regression against itself.
    const same = await run(process.execPath, [...cli, base, '--baseline', base]).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(same).toMatchObject({ code: 99 });
    expect((same as { stderr: string }).stderr).toMatch(/^report: FAILED: 1 threshold failed$/m);
    expect((same as { stdout: string }).stdout).toContain('no regression (9 compared)');

    const bad = run(process.execPath, [...cli, join(root, 'missing')]);
    await expect(bad).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^report: .*missing has neither summary\.json nor verification\.json/),
    });
  });

  it('validates its flags before reading anything: a bad number, a tolerance without --baseline, --help', async () => {
    const cli = nodeEntry('reporting/cli.ts');
    const fails = (args: string[]) =>
      run(process.execPath, [...cli, ...args]).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
    const abc = await fails(['reports/latest', '--baseline', 'x', '--p95-pct', 'abc']);
    expect(abc.code).toBe(2);
    expect(abc.stderr.split('\n')[0]).toBe('report: --p95-pct must be a number ≥ 0, got "abc"');
    const alone = await fails(['reports/latest', '--p99-pct', '5']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/apply only with --baseline/);
    const help = await run(process.execPath, [...cli, '--help']);
    expect(help.stdout).toMatch(/^usage: npm run report -- RUN_DIR/);
  });
});
