// handleSummary: summary.json (k6's summary data) into OUT_DIR when set, and a short hot-path report on stdout.
// Written here rather than taken from jslib so the bundle needs nothing from the network.
import { trackingThreshold } from './profiles.ts';

interface Metric {
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
export interface SummaryData {
  metrics: Record<string, Metric>;
}

const ms = (v: number | undefined) =>
  v === undefined ? '-' : v < 1 ? `${(v * 1000).toFixed(0)}µs` : `${v.toFixed(1)}ms`;
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);

function latencyLine(label: string, m: Metric | undefined): string {
  const v = m?.values ?? {};
  return `  ${label.padEnd(8)} med ${ms(v.med)}  p95 ${ms(v['p(95)'])}  p99 ${ms(v['p(99)'])}  max ${ms(v.max)}`;
}

export function textReport(data: SummaryData): string {
  const m = data.metrics;
  const redeemed = m.redemption_flow_redeemed?.values ?? {};
  const flows = (redeemed.passes ?? 0) + (redeemed.fails ?? 0);
  // Latency lines of zero flows would read as a fast, healthy run.
  if (flows === 0) return '\nredemption flows: none ran (setup failed or the run was aborted: see the log above)\n\n';
  const lines = [
    '',
    `redemption flows: ${flows}, redeemed ${redeemed.passes ?? 0} (${pct(redeemed.rate)})`,
    `  lock conflicts ${m.redemption_lock_conflicts?.values.count ?? 0}, rejected redeems ${m.redemption_redeem_rejected?.values.count ?? 0}, no eligible offer ${m.redemption_offer_missing?.values.count ?? 0}, dropped iterations ${m.dropped_iterations?.values.count ?? 0}`,
    `  http_req_failed ${pct(m.http_req_failed?.values.rate)}, checks ${pct(m.checks?.values.rate)}`,
    latencyLine('lookup', m['http_req_duration{name:lookup}']),
    latencyLine('lock', m['http_req_duration{name:lock}']),
    latencyLine('redeem', m['http_req_duration{name:redeem}']),
    latencyLine('flow', m.redemption_flow_duration),
    'thresholds (SLOs):',
  ];
  for (const [name, metric] of Object.entries(m)) {
    for (const [source, { ok }] of Object.entries(metric.thresholds ?? {})) {
      // Declared only so k6 keeps the sub-metric (errors by cause): no SLO.
      if (source === trackingThreshold) continue;
      lines.push(`  ${ok ? '✓' : '✗'} ${name}: ${source}`);
    }
  }
  return `${lines.join('\n')}\n\n`;
}

/** The text report on stdout, and summary.json into OUT_DIR when one is set: never into the working directory. */
export function summaryOutputs(data: SummaryData, outDir: string | undefined): Record<string, string> {
  const out: Record<string, string> = { stdout: textReport(data) };
  if (outDir) out[`${outDir.replace(/\/+$/, '')}/summary.json`] = JSON.stringify(data, null, 2);
  return out;
}
