// Runs in the report page: draws the charts whose data the page carries inline as JSON.
import uPlot from 'uplot';

interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

const COLORS = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed'];

function fmt(v: number | null, unit: string): string {
  if (v === null || v === undefined) return '—';
  const digits = Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0;
  return `${v.toFixed(digits)} ${unit}`;
}

function draw(spec: ChartSpec, el: HTMLElement): uPlot {
  const opts: uPlot.Options = {
    title: spec.title,
    width: Math.max(320, el.clientWidth),
    height: 240,
    scales: { x: { time: false } },
    axes: [
      { label: 'seconds since start' },
      { label: spec.unit, size: 60, values: (_u, splits) => splits.map((v) => String(+v.toFixed(2))) },
    ],
    series: [
      { label: 't', value: (_u, v) => (v === null ? '—' : `${v} s`) },
      ...spec.series.map(
        (s, i): uPlot.Series => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length] as string,
          width: 1.5,
          spanGaps: false,
          value: (_u, v) => fmt(v, spec.unit),
        }),
      ),
    ],
  };
  return new uPlot(opts, [spec.x, ...spec.series.map((s) => s.values)] as uPlot.AlignedData, el);
}

const dataEl = document.getElementById('chart-data');
const specs: ChartSpec[] = dataEl?.textContent ? JSON.parse(dataEl.textContent) : [];
const plots: [uPlot, HTMLElement][] = [];
for (const spec of specs) {
  const el = document.querySelector<HTMLElement>(`[data-chart="${CSS.escape(spec.id)}"]`);
  if (el) plots.push([draw(spec, el), el]);
}
window.addEventListener('resize', () => {
  for (const [plot, el] of plots) plot.setSize({ width: Math.max(320, el.clientWidth), height: 240 });
});
