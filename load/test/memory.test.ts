import { describe, expect, it } from 'vitest';
import { emptySeries, type MemorySeries, memoryVerdict, rssMbOf, sample, slopePerMinute } from '../memory.ts';

const series = (mockRss: (t: number) => number, engineRss: (t: number) => number | null): MemorySeries => {
  const s = emptySeries();
  for (let t = 0; t <= 180; t += 5) {
    s.t.push(t);
    s.mock.rssMb.push(mockRss(t));
    s.mock.heapUsedMb.push(20);
    s.engine.rssMb.push(engineRss(t));
  }
  return s;
};

describe('memory over a soak', () => {
  it('slopePerMinute fits a least-squares line, skipping gaps', () => {
    expect(slopePerMinute([0, 30, 60, 90], [100, 101, 102, 103])).toBeCloseTo(2, 9);
    expect(slopePerMinute([0, 60, 120], [10, null, 8])).toBeCloseTo(-1, 9);
    expect(slopePerMinute([0], [1])).toBeUndefined();
  });

  it('judges the second half only: a warm-up climb followed by a plateau is flat', () => {
    const warmUp = series(
      (t) => (t < 60 ? 50 + t : 110 + Math.sin(t) * 0.5),
      () => 90,
    );
    expect(memoryVerdict(warmUp, 2)).toMatchObject({ flat: true });
    expect(memoryVerdict(warmUp, 2).message).toMatch(/^memory stayed flat: over the second half \(19 samples\)/);
  });

  it('a steady climb in either process is growth', () => {
    const leakyEngine = series(
      () => 100,
      (t) => 80 + t / 10, // 6 MB/min
    );
    const verdict = memoryVerdict(leakyEngine, 2);
    expect(verdict.flat).toBe(false);
    expect(verdict.slopes.engineRss).toBeCloseTo(6, 6);
    expect(verdict.message).toMatch(/^memory grew: .*engine RSS \+6\.00 MB\/min/);
    expect(
      memoryVerdict(
        series(
          () => 100,
          () => 80,
        ),
        2,
      ).flat,
    ).toBe(true);
  });

  it('samples this process and a child by pid; a gone process is a gap', () => {
    const s = emptySeries();
    sample(s, 0, process.pid);
    sample(s, 1, 2 ** 22 + 7);
    expect(s.mock.rssMb[0]).toBeGreaterThan(10);
    expect(s.engine.rssMb[0]).toBeCloseTo(rssMbOf(process.pid) ?? 0, -1);
    expect(s.engine.rssMb[1]).toBeNull();
    expect(memoryVerdict(s, 1).message).toMatch(/^too few samples/);
  });
});
