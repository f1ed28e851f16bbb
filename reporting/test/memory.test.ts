import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryChart } from '../charts-data.ts';
import { buildMarkdown } from '../markdown.ts';
import type { MemoryRecord } from '../types.ts';
import { verdict } from '../verdict.ts';
import { readRun, writeReports } from '../write.ts';
import * as fx from './fixtures/index.ts';

const memory = (flat: boolean): MemoryRecord => ({
  version: 1,
  intervalS: 5,
  rate: 100,
  duration: '10s',
  forcedGc: true,
  t: [0, 5, 10],
  mock: { rssMb: [80, 81, 80], heapUsedMb: [30, 31, 30] },
  engine: { rssMb: [120, 121, null] },
  verdict: { flat, limitMbPerMin: 2, slopes: {}, message: flat ? 'flat: +0.1 MB/min' : 'grew: +9 MB/min' },
});

describe('a soak run’s memory in the reports', () => {
  it('is one chart of mock RSS, mock heap and engine RSS over time', () => {
    expect(memoryChart(memory(true))).toEqual({
      id: 'memory',
      title: 'memory',
      unit: 'MB',
      x: [0, 5, 10],
      series: [
        { label: 'mock RSS', values: [80, 81, 80] },
        { label: 'mock heap', values: [30, 31, 30] },
        { label: 'engine RSS', values: [120, 121, null] },
      ],
    });
  });

  it('fails the run when memory grew, and says so in summary.md', () => {
    const load = { summary: fx.summary(), settings: fx.settings() };
    const passing = fx.summary();
    for (const m of Object.values(passing.metrics)) for (const t of Object.values(m.thresholds ?? {})) t.ok = true;
    expect(verdict({ load: { ...load, summary: passing, memory: memory(true) } }).ok).toBe(true);
    expect(verdict({ load: { ...load, summary: passing, memory: memory(false) } }).reasons).toEqual([
      'memory grew over the soak',
    ]);
    expect(buildMarkdown({ load: { ...load, memory: memory(false) } })).toContain('**Memory:** GREW: grew: +9 MB/min');
  });

  it('is written to memory.json, drawn in report.html and read back', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'soak-report-')), 'run-soak');
    const { html } = await writeReports(
      dir,
      { load: { summary: fx.summary(), timeseries: fx.timeseries(), settings: fx.settings(), memory: memory(true) } },
      { updateLatest: false },
    );
    const page = await readFile(html, 'utf8');
    expect(page).toContain('data-chart="memory"');
    expect(page).toContain('flat: +0.1 MB/min');
    const back = await readRun(dir);
    expect(back.kind).toBe('soak');
    expect(back.load?.memory).toEqual(memory(true));
    await rm(join(dir, '..'), { recursive: true, force: true });
  });
});
