// The headline figures of a bench run, their targets, and the short table printed at the end.

export interface Headline {
  name: string;
  value: number | null | undefined;
  unit?: string;
  /** A benchmark target, not a test: shown next to the value. */
  target?: { text: string; met: (v: number) => boolean };
}

export const targets = {
  engine_vs_autocannon: { text: '≥ 0.8', met: (v: number) => v >= 0.8 },
  mock_vs_bare_node: { text: '≥ 0.6', met: (v: number) => v >= 0.6 },
  latency_error_p50_ms: { text: '|x| ≤ 0.5', met: (v: number) => Math.abs(v) <= 0.5 },
  co_p99_ms: { text: '≥ 900', met: (v: number) => v >= 900 },
  engine_mb_per_vu: { text: '≤ 1', met: (v: number) => v <= 1 },
  setup_s: { text: '< 10', met: (v: number) => v < 10 },
  lookup_bytes_last_vs_first: { text: '0.9 to 1.1', met: (v: number) => v >= 0.9 && v <= 1.1 },
};

const show = (v: number, unit = '') => {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
};

export function formatTable(rows: Headline[]): string {
  const cells = rows.map((r) => {
    const has = typeof r.value === 'number' && Number.isFinite(r.value);
    const value = has ? show(r.value as number, r.unit) : 'n/a';
    const verdict = r.target && has ? (r.target.met(r.value as number) ? 'met' : 'missed') : '';
    return [r.name, value, r.target ? `target ${r.target.text}` : '', verdict];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => (c[i] as string).length)));
  return cells
    .map((c) =>
      c
        .map((s, i) => (i < 3 ? s.padEnd(widths[i] as number) : s))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
