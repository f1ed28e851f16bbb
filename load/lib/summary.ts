// handleSummary: summary.json (k6's summary data) into OUT_DIR when set, and a short hot-path report on stdout.
// Written here rather than taken from jslib so the bundle needs nothing from the network.
import type { SummaryValues } from '../results.ts';
import { accounting, offersLine, requestsLine } from './accounting.ts';
import { inPhase, latencySteps, metric, trackingThreshold } from './names.ts';

const ms = (v: number | undefined) =>
  v === undefined ? '-' : v < 1 ? `${(v * 1000).toFixed(0)}µs` : `${v.toFixed(1)}ms`;
const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);

function latencyLine(label: string, m: SummaryValues['metrics'][string]): string {
  const v = m?.values ?? {};
  return `  ${label.padEnd(8)} med ${ms(v.med)}  p95 ${ms(v['p(95)'])}  p99 ${ms(v['p(99)'])}  max ${ms(v.max)}`;
}

export function textReport(data: SummaryValues): string {
  const m = data.metrics;
  const redeemed = m[metric.flowRedeemed]?.values ?? {};
  const flows = (redeemed.passes ?? 0) + (redeemed.fails ?? 0);
  // Latency lines of zero flows would read as a fast, healthy run.
  if (flows === 0) return '\nredemption flows: none ran (setup failed or the run was aborted: see the log above)\n\n';
  const counted = accounting(data);
  const lines = [
    '',
    `redemption flows: ${flows}, redeemed ${redeemed.passes ?? 0} (${pct(redeemed.rate)})`,
    `  lock conflicts ${m[metric.lockConflicts]?.values.count ?? 0}, rejected redeems ${m[metric.redeemRejected]?.values.count ?? 0}, no eligible offer ${m[metric.offerMissing]?.values.count ?? 0}, dropped iterations ${m.dropped_iterations?.values.count ?? 0}`,
    `  requests: ${requestsLine(counted)}`,
    `  offers: ${offersLine(counted)}`,
    `  hot path: http_req_failed ${pct(m[inPhase('http_req_failed', 'flow')]?.values.rate)}, checks ${pct(m[inPhase('checks', 'flow')]?.values.rate)}; wallet at Lookup ${m[metric.walletOffers]?.values.max ?? '-'} INFO offers at most, ${Math.round(m[metric.lookupBytes]?.values.avg ?? 0)} bytes on average`,
    ...latencySteps.map((s) => latencyLine(s.id, m[s.metric])),
    'thresholds (SLOs):',
  ];
  for (const [name, entry] of Object.entries(m)) {
    for (const [source, { ok }] of Object.entries(entry?.thresholds ?? {})) {
      // Declared only so the summary has the sub-metric: not an SLO.
      if (source === trackingThreshold) continue;
      lines.push(`  ${ok ? '✓' : '✗'} ${name}: ${source}`);
    }
  }
  return `${lines.join('\n')}\n\n`;
}

/**
 * k6 writes handleSummary's files without creating folders (cmd/run.go handleSummaryResult), so a missing OUT_DIR
 * loses summary.json after the whole run. k6's open() tells a folder ("can't be used with directories") from a
 * missing path; only an absolute OUT_DIR can be checked (open() resolves from the script's folder, k6 writes from
 * the working directory).
 */
export function outDirProblem(outDir: string | undefined, openFile: (path: string) => unknown): string | undefined {
  if (!outDir?.startsWith('/')) return undefined;
  try {
    openFile(outDir);
    return `OUT_DIR ${outDir} is a file, not a folder: summary.json could not be written into it`;
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    if (/no such file or directory/.test(message)) {
      return `OUT_DIR ${outDir} does not exist and k6 does not create it, so summary.json would be lost at the end of the run: create the folder first`;
    }
    return undefined;
  }
}

// The first init context (__VU 0; only there does k6's open() still reach the disk) fails the run at once.
if (typeof open === 'function' && typeof __VU === 'number' && __VU === 0) {
  const problem = outDirProblem(__ENV.OUT_DIR, open);
  if (problem) throw new Error(problem);
}

/** The text report on stdout, and summary.json into OUT_DIR when one is set: never into the working directory. */
export function summaryOutputs(data: SummaryValues, outDir: string | undefined): Record<string, string> {
  const out: Record<string, string> = { stdout: textReport(data) };
  if (outDir) out[`${outDir.replace(/\/+$/, '')}/summary.json`] = JSON.stringify(data, null, 2);
  return out;
}
