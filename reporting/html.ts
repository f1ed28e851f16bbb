import { accounting, offersLine, requestsLine } from '../load/lib/accounting.ts';
import { metric } from '../load/lib/names.ts';
import { errorCauses } from '../load/run-cause.ts';
import { errorRate, failedRequests, findMetric, formatMs, PERCENTILES, stat } from '../load/summary-stats.ts';
import type { ChartSpec } from './charts-data.ts';
import { buildCharts, memoryChart } from './charts-data.ts';
import { escapeHtml as e, jsonForScript } from './escape.ts';
import { formatBaselineValue, formatChange } from './markdown.ts';
import { faultRuleLines, faultsText, integrityText } from './run-facts.ts';
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
  InteractionResult,
  LoadInput,
  ReportInput,
  RunSettings,
  VerifyInput,
} from './types.ts';
import { verdict } from './verdict.ts';
import { outcomeLabel, outcomeOf, verifyHeadline } from './verify-data.ts';

/** The page's static parts: CSS and the bundled chart script (uPlot inside). */
export interface PageAssets {
  css: string;
  script: string;
}

export const badge = (ok: boolean, yes = 'pass', no = 'fail') =>
  `<span class="badge ${ok ? 'ok' : 'fail'}">${ok ? yes : no}</span>`;
export const section = (id: string, title: string, body: string) =>
  `<section id="${id}"><h2>${e(title)}</h2>${body}</section>`;

export function tableHtml(head: string[], rows: string[][], numeric: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  const th = head.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('');
  return `<table class="data"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function tiles(load: LoadInput): string {
  const s = load.summary;
  const checks = checkRows(s);
  const passes = checks.reduce((n, c) => n + c.passes, 0);
  const total = checks.reduce((n, c) => n + c.passes + c.fails, 0);
  const duration = s.state?.testRunDurationMs;
  const items: [string, string][] = [
    ['hot-path requests', formatNumber(accounting(s).requests.flow)],
    ['flows redeemed', formatPct(s.metrics[metric.flowRedeemed]?.values.rate ?? null)],
    ['failed requests', formatPct(errorRate(s))],
    ['checks passed', total === 0 ? '—' : formatPct(passes / total)],
    ['dropped iterations', formatNumber(counterValue(s, 'dropped_iterations') ?? 0)],
    ['duration', duration === undefined ? '—' : `${(duration / 1000).toFixed(1)} s`],
  ];
  const html = items
    .map(([l, v]) => `<div class="tile"><div class="label">${e(l)}</div><div class="value">${e(v)}</div></div>`)
    .join('');
  return `<section id="overview"><div class="tiles">${html}</div></section>`;
}

export function loadSections(load: LoadInput, charts: ChartSpec[]): string[] {
  const s = load.summary;
  const out: string[] = [tiles(load)];
  const steps = stepRows(s).map((r) => [
    e(r.label) + (r.present ? '' : ' <span class="note">(no data)</span>'),
    `<code>${e(r.metric)}</code>`,
    ...PERCENTILES.map((p) => e(formatMs(r.values[p]))),
  ]);
  out.push(
    section('latency', 'Latency per step', tableHtml(['step', 'metric', ...PERCENTILES], steps, [2, 3, 4, 5, 6])),
  );
  const counted = accounting(s);
  out.push(
    section(
      'accounting',
      'Requests and test data',
      `<p>Requests: ${e(requestsLine(counted))}</p><p>Offers: ${e(offersLine(counted))}</p>`,
    ),
  );

  const chartBody =
    charts.length > 0
      ? `<div class="charts">${charts.map((c) => `<div class="chart" data-chart="${e(c.id)}"></div>`).join('')}</div>`
      : '<p class="note">No time series for this run (timeseries.json is written by the embedded engine; k6 runs have none), so no charts.</p>';
  out.push(section('over-time', 'Latency and throughput over time', chartBody));
  if (load.memory) {
    const flat = load.memory.verdict.flat;
    out.push(section('memory', 'Memory', `<p>${badge(flat, 'flat', 'grew')} ${e(load.memory.verdict.message)}</p>`));
  }

  const th = thresholdRows(s);
  const failed = th.filter((t) => !t.ok).length;
  out.push(
    section(
      'thresholds',
      `Thresholds: ${th.length - failed} passed, ${failed} failed`,
      th.length === 0
        ? '<p class="note">No thresholds defined.</p>'
        : tableHtml(
            ['result', 'metric', 'threshold', 'observed'],
            th.map((t) => [
              badge(t.ok),
              `<code>${e(t.metric)}</code>`,
              `<code>${e(t.expr)}</code>`,
              e(t.observed ?? ''),
            ]),
          ),
    ),
  );

  const checks = checkRows(s);
  out.push(
    section(
      'checks',
      'Checks',
      checks.length === 0
        ? '<p class="note">No checks recorded.</p>'
        : tableHtml(
            ['result', 'check', 'passes', 'fails', 'pass rate'],
            checks.map((c) => [
              badge(c.fails === 0),
              e(c.name),
              e(c.passes),
              e(c.fails),
              e(formatPct(c.passes + c.fails === 0 ? null : c.passes / (c.passes + c.fails))),
            ]),
            [2, 3, 4],
          ),
    ),
  );

  const causes = errorCauses(load);
  const failedReqs = failedRequests(s);
  const uncounted = uncountedFailures(load);
  const engineErrors = engineHttpErrors(s);
  const dropped = counterValue(s, 'dropped_iterations') ?? 0;
  const outcomes = flowCounters(s);
  const failedText = failedReqs ? ` (${formatNumber(failedReqs.failed)} of ${formatNumber(failedReqs.total)})` : '';
  const errorsBody =
    `<p>Failed requests: <strong>${e(formatPct(errorRate(s)))}</strong>${e(failedText)} · dropped iterations: <strong>${e(formatNumber(dropped))}</strong></p>` +
    (causes.length === 0
      ? `<p class="note">${failedReqs?.failed ? 'No check failed.' : 'No errors.'}</p>`
      : tableHtml(
          ['cause', 'count'],
          causes.map((c) => [e(c.cause), e(c.count)]),
          [1],
        )) +
    (uncounted > 0
      ? `<p class="note">${e(formatNumber(uncounted))} failed requests were counted by no check: retried (a lost answer or a 5xx is retried once) or answers the flow expects, such as an unlock's NOT_LOCKED.</p>`
      : '') +
    (engineErrors.length === 0
      ? ''
      : tableHtml(
          ['k6 error code', 'failed requests', 'count'],
          engineErrors.map((x) => [`<code>${e(x.code)}</code>`, e(x.message), e(x.count)]),
          [2],
        )) +
    (outcomes.length === 0
      ? ''
      : tableHtml(
          ['flow outcome', 'count'],
          outcomes.map((c) => [`<code>${e(c.name)}</code>`, e(c.count)]),
          [1],
        ));
  out.push(section('errors', 'Errors', errorsBody));
  if (load.integrity) {
    const i = load.integrity;
    const list = i.differences.length ? `<ul>${i.differences.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : '';
    out.push(section('integrity', 'Integrity', `<p>${badge(i.ok)} ${e(integrityText(i))}</p>${list}`));
  }
  if (load.faults) {
    const rules = faultRuleLines(load.faults).map((r) => `<li><code>${e(r)}</code></li>`);
    out.push(section('faults', 'Injected faults', `<p>${e(faultsText(load.faults))}</p><ul>${rules.join('')}</ul>`));
  }
  return out;
}

const outcomeBadge = (i: InteractionResult) => {
  const outcome = outcomeOf(i);
  const cls = !i.ok ? 'fail' : outcome === 'verified' ? 'ok' : outcome === 'differs' ? 'warn' : 'skip';
  return `<span class="badge ${cls}">${e(outcomeLabel[outcome])}</span>`;
};

export const lineList = (lines: string[], cls: string) =>
  lines.length === 0 ? '' : `<ul class="${cls}">${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul>`;

export function verifySection(verify: VerifyInput): string {
  const list = verify.interactions;
  // Documented failures first, then differences, states not run, and what verified.
  const order = { failed: 0, differs: 1, 'not-run': 2, verified: 3 };
  const sorted = [...list].sort((a, b) => order[outcomeOf(a)] - order[outcomeOf(b)]);
  const rows = sorted.map((i) => [
    outcomeBadge(i),
    `${e(i.consumer)} → ${e(i.provider)}`,
    e(i.description),
    e(i.providerState ?? ''),
    [
      i.mismatches.length === 0
        ? ''
        : `<ul class="mismatch">${i.mismatches.map((m) => `<li>${m.path ? `<code>${e(m.path)}</code> ` : ''}${e(m.message)}</li>`).join('')}</ul>`,
      lineList(
        (i.differences ?? []).flatMap((d) => [d.message, ...d.details.map((detail) => `— ${detail}`)]),
        'difference',
      ),
      i.notRun ? lineList([`not run: ${i.notRun}`], 'not-run') : '',
    ].join(''),
  ]);
  const differences = list.flatMap((i) => (i.differences ?? []).map((d) => d.message));
  const notRun = list.filter((i) => i.notRun).map((i) => `${i.description}: ${i.notRun}`);
  const apart =
    (differences.length
      ? `<h3>Differences from our assumptions${verify.strict ? ' (strict: failing)' : ' (not failing)'}</h3>${lineList(differences, 'difference')}`
      : '') + (notRun.length ? `<h3>Not run</h3>${lineList(notRun, 'not-run')}` : '');
  return section(
    'contracts',
    `Contract interactions: ${verifyHeadline(verify)}`,
    list.length === 0
      ? '<p class="note">No interactions were verified.</p>'
      : tableHtml(['result', 'consumer → provider', 'interaction', 'provider state', 'details'], rows) + apart,
  );
}

function baselineSection(b: BaselineComparison): string {
  const t = b.tolerance;
  const head = `<p>${badge(b.ok, 'no regression', 'regression')} Tolerance: p95 +${e(t.p95Pct)}%, p99 +${e(t.p99Pct)}%, error rate +${e(t.errorRatePts)} pts${b.source ? ` · baseline <code>${e(b.source)}</code>` : ''}</p>`;
  const rows = b.rows.map((r) => [
    badge(r.ok),
    e(r.metric),
    e(formatBaselineValue(r, r.baseline)),
    e(formatBaselineValue(r, r.current)),
    e(formatChange(r)),
  ]);
  return section(
    'baseline',
    'Baseline comparison',
    head + tableHtml(['result', 'metric', 'baseline', 'current', 'change'], rows, [2, 3, 4]),
  );
}

export function settingsSection(settings: RunSettings | undefined, load: LoadInput | undefined): string {
  const items: [string, string][] = [];
  if (settings?.target) items.push(['target', settings.target]);
  if (settings?.profile) items.push(['profile', settings.profile]);
  if (settings?.engine) items.push(['engine', settings.engine]);
  for (const [k, v] of Object.entries(settings?.extra ?? {})) items.push([k, String(v)]);
  const lag = load ? findMetric(load.summary, 'engine_schedule_lag') : undefined;
  if (lag) items.push(['engine schedule lag', `p95 ${formatMs(stat(lag, 'p95'))}, max ${formatMs(stat(lag, 'max'))}`]);
  for (const [k, v] of Object.entries(settings?.versions ?? {})) items.push([`${k} version`, v]);
  const m = settings?.machine;
  if (m) {
    items.push([
      'machine',
      `${m.cpus} CPU${m.cpus === 1 ? '' : 's'}${m.cpuModel ? ` (${m.cpuModel})` : ''}, ${m.memoryGiB} GiB memory`,
    ]);
    items.push(['os', m.os]);
  }
  const body =
    items.length === 0
      ? '<p class="note">No settings recorded.</p>'
      : `<dl class="settings">${items.map(([k, v]) => `<dt>${e(k)}</dt><dd class="mono">${e(v)}</dd>`).join('')}</dl>`;
  return section('settings', 'Run settings', body);
}

// The page may not fetch anything: everything it needs is inline.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** The page around a report's sections: title, verdict, inline CSS, charts data and script. */
export function pageHtml(parts: {
  title: string;
  verdict: { ok: boolean; text: string };
  meta: string;
  body: string[];
  charts: ChartSpec[];
  assets: PageAssets;
}): string {
  const { title, verdict: v, meta, body, charts, assets } = parts;
  // An inline script ends at the first "</script", wherever it appears.
  const script = assets.script.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${e(title)}</title>
<style>${assets.css}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<span class="verdict ${v.ok ? 'ok' : 'fail'}">${e(v.text)}</span>
<p class="meta">${e(meta)}</p>
</header>
<main>
${body.join('\n')}
</main>
<footer>Charts drawn with uPlot (MIT), inlined; this file needs no network.</footer>
<script type="application/json" id="chart-data">${jsonForScript(charts)}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** One self-contained HTML page: inline CSS, inline uPlot and chart script, data inline as JSON. */
export function buildHtml(
  input: ReportInput,
  assets: PageAssets,
  opts: { title?: string; generatedAt?: Date } = {},
): string {
  const v = verdict(input);
  const charts = input.load?.timeseries ? buildCharts(input.load.timeseries) : [];
  if (input.load?.memory) charts.push(memoryChart(input.load.memory));
  const body: string[] = [];
  if (input.load) body.push(...loadSections(input.load, charts));
  if (input.verify) body.push(verifySection(input.verify));
  if (input.baseline) body.push(baselineSection(input.baseline));
  body.push(settingsSection(input.load?.settings ?? input.verify?.settings, input.load));
  return pageHtml({
    title: opts.title ?? `SessionM offers — ${input.kind ?? 'run'} report`,
    verdict: { ok: v.ok, text: v.ok ? 'PASSED' : `FAILED: ${v.reasons.join(', ')}` },
    meta: `Generated ${(opts.generatedAt ?? new Date()).toISOString()}`,
    body,
    charts,
    assets,
  });
}
