import { accounting, offersLine, requestsLine } from '../load/lib/accounting.ts';
import { errorCauses } from '../load/run-cause.ts';
import { errorRate, failedRequests, formatMs, PERCENTILES } from '../load/summary-stats.ts';
import { escapeMarkdownCell as cell } from './escape.ts';
import { resultHeadlines } from './junit.ts';
import { faultRuleLines, faultsText, integrityLine } from './run-facts.ts';
import {
  checkRows,
  counterValue,
  engineHttpErrors,
  flowCounters,
  formatNumber,
  formatPct,
  stepRows,
  thresholdRows,
  uncountedFailures,
} from './summary-data.ts';
import type {
  BaselineComparison,
  BaselineRow,
  InteractionResult,
  LoadInput,
  ReportInput,
  VerifyInput,
} from './types.ts';
import { verdict } from './verdict.ts';
import { outcomeLabel, outcomeOf, verifyHeadline } from './verify-data.ts';

export const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export const mark = (ok: boolean) => (ok ? '✅' : '❌');

export function loadSection(load: LoadInput): string[] {
  const { summary } = load;
  const out: string[] = ['### Latency per step', ''];
  out.push(
    table(
      ['step', ...PERCENTILES],
      stepRows(summary).map((s) => [s.label, ...PERCENTILES.map((p) => formatMs(s.values[p]))]),
    ),
    '',
  );

  if (load.memory)
    out.push(`**Memory:** ${load.memory.verdict.flat ? 'flat' : 'GREW'}: ${load.memory.verdict.message}`, '');
  const thresholds = thresholdRows(summary);
  const failed = thresholds.filter((t) => !t.ok).length;
  out.push(`### Thresholds: ${thresholds.length - failed} passed, ${failed} failed`, '');
  if (thresholds.length > 0) {
    out.push(
      table(
        ['', 'metric', 'threshold', 'observed'],
        thresholds.map((t) => [mark(t.ok), cell(t.metric), cell(t.expr), cell(t.observed ?? '')]),
      ),
      '',
    );
  }

  const checks = checkRows(summary);
  if (checks.length > 0) {
    out.push('### Checks', '');
    out.push(
      table(
        ['', 'check', 'passes', 'fails'],
        checks.map((c) => [mark(c.fails === 0), cell(c.name), String(c.passes), String(c.fails)]),
      ),
      '',
    );
  }

  const dropped = counterValue(summary, 'dropped_iterations') ?? 0;
  const failedReqs = failedRequests(summary);
  const failedText = failedReqs ? ` (${formatNumber(failedReqs.failed)} of ${formatNumber(failedReqs.total)})` : '';
  out.push(
    `**Failed requests:** ${formatPct(errorRate(summary))}${failedText} · **Dropped iterations:** ${formatNumber(dropped)}`,
    '',
  );
  const counted = accounting(summary);
  out.push(`**Requests:** ${cell(requestsLine(counted))}`, '', `**Offers:** ${cell(offersLine(counted))}`, '');
  const outcomes = flowCounters(summary);
  if (outcomes.length > 0)
    out.push(`**Flow outcomes:** ${outcomes.map((c) => `${cell(c.name)} ${c.count}`).join(' · ')}`, '');
  const causes = errorCauses(load);
  if (causes.length > 0) {
    out.push(
      '### Errors by cause',
      '',
      table(
        ['cause', 'count'],
        causes.map((c) => [cell(c.cause), String(c.count)]),
      ),
      '',
    );
  }
  const uncounted = uncountedFailures(load);
  if (uncounted > 0) {
    out.push(
      `${formatNumber(uncounted)} failed requests were counted by no check: retried (a lost answer or a 5xx is retried once) or answers the flow expects, such as an unlock's NOT_LOCKED.`,
      '',
    );
  }
  const engineErrors = engineHttpErrors(summary);
  if (engineErrors.length > 0) {
    out.push(
      `**Failed requests by k6 error code:** ${engineErrors.map((x) => `${x.code} ${cell(x.message)} ×${x.count}`).join(' · ')}`,
      '',
    );
  }
  if (load.integrity) out.push(`**${mark(load.integrity.ok)} ${cell(integrityLine(load.integrity))}**`, '');
  if (load.faults) {
    out.push(
      `**Injected faults:** ${cell(faultsText(load.faults))}`,
      '',
      ...faultRuleLines(load.faults).map((r) => `- \`${r}\``),
      '',
    );
  }
  return out;
}

const outcomeMark = (i: InteractionResult) => {
  const outcome = outcomeOf(i);
  if (!i.ok) return `❌ ${outcomeLabel[outcome]}`;
  return outcome === 'verified' ? '✅' : outcome === 'differs' ? '⚠️ differs' : '⏭️ not run';
};

export function verifySection(verify: VerifyInput): string[] {
  const list = verify.interactions;
  const out = [`### Contracts: ${verifyHeadline(verify)}`, ''];
  if (list.length === 0) return [...out, 'No interactions were verified.', ''];
  const order = { failed: 0, differs: 1, 'not-run': 2, verified: 3 };
  const sorted = [...list].sort((a, b) => order[outcomeOf(a)] - order[outcomeOf(b)]);
  out.push(
    table(
      ['', 'consumer → provider', 'interaction', 'details'],
      sorted.map((i) => [
        outcomeMark(i),
        cell(`${i.consumer} → ${i.provider}`),
        cell(i.providerState ? `${i.description} (given ${i.providerState})` : i.description),
        cell(resultHeadlines(i).join('\n')),
      ]),
    ),
    '',
  );
  const differences = list.flatMap((i) => (i.differences ?? []).map((d) => d.message));
  if (differences.length) {
    out.push(
      `#### Differences from our assumptions${verify.strict ? ' (strict: failing)' : ' (not failing)'}`,
      '',
      ...differences.map((d) => `- ${d}`),
      '',
    );
  }
  const notRun = list.filter((i) => i.notRun);
  if (notRun.length) out.push('#### Not run', '', ...notRun.map((i) => `- ${i.description}: ${i.notRun}`), '');
  return out;
}

export function formatBaselineValue(r: BaselineRow, v: number | null): string {
  if (v === null) return '—';
  return r.unit === 'ms' ? formatMs(v) : `${v.toFixed(2)}%`;
}

export function formatChange(r: BaselineRow): string {
  if (r.change === null) return r.note ?? '—';
  if (r.unit === '%') return `${r.change >= 0 ? '+' : ''}${r.change.toFixed(2)} pts`;
  return r.changePct === null
    ? `${r.change >= 0 ? '+' : ''}${formatMs(r.change)}`
    : `${r.changePct >= 0 ? '+' : ''}${r.changePct.toFixed(1)}%`;
}

function baselineSection(b: BaselineComparison): string[] {
  const t = b.tolerance;
  return [
    `### Baseline comparison: ${b.ok ? 'no regression' : 'REGRESSION'}`,
    '',
    `Tolerance: p95 +${t.p95Pct}%, p99 +${t.p99Pct}%, error rate +${t.errorRatePts} pts${b.source ? ` · baseline: ${cell(b.source)}` : ''}`,
    '',
    table(
      ['', 'metric', 'baseline', 'current', 'change'],
      b.rows.map((r) => [
        mark(r.ok),
        cell(r.metric),
        formatBaselineValue(r, r.baseline),
        formatBaselineValue(r, r.current),
        cell(formatChange(r)),
      ]),
    ),
    '',
  ];
}

/** Markdown for a GitHub job summary ($GITHUB_STEP_SUMMARY). */
export function buildMarkdown(input: ReportInput): string {
  const v = verdict(input);
  const title = `## ${input.kind ? `${input.kind} run` : 'Run'}: ${v.ok ? '✅ passed' : `❌ failed (${v.reasons.join(', ')})`}`;
  const out = [title, ''];
  if (input.load) out.push(...loadSection(input.load));
  if (input.verify) out.push(...verifySection(input.verify));
  if (input.baseline) out.push(...baselineSection(input.baseline));
  return `${out.join('\n').trimEnd()}\n`;
}
