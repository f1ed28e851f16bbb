// report.html of an acceptance run: the verdict and a line per section first, then each section's details, what the
// run created on the provider, the plan it announced, and the run's settings.
import { buildCharts, type ChartSpec } from '../charts-data.ts';
import { escapeHtml as e } from '../escape.ts';
import {
  badge,
  lineList,
  loadSections,
  type PageAssets,
  pageHtml,
  section,
  settingsSection,
  tableHtml,
  verifySection,
} from '../html.ts';
import { formatNumber } from '../summary-data.ts';
import type {
  AcceptanceResult,
  FindingRank,
  LoadSection,
  NegativeSection,
  Section,
  SectionStatus,
  WorkflowSection,
} from './types.ts';
import { sectionTitles } from './types.ts';

const statusBadge = (status: SectionStatus) => {
  const [cls, text] =
    status === 'passed' ? ['ok', 'passed'] : status === 'failed' ? ['fail', 'failed'] : ['fail', 'not run'];
  return `<span class="badge ${cls}">${text}</span>`;
};

const rankBadge: Record<FindingRank, string> = {
  defect: '<span class="badge fail">defect</span>',
  differs: '<span class="badge warn">differs</span>',
  lenient: '<span class="badge skip">lenient</span>',
};

/** The table the report opens with: one line per section. */
function sectionsTable(result: AcceptanceResult): string {
  const rows = result.sections.map((s, i) => [
    statusBadge(s.status),
    `<a href="#section-${s.name}">${i + 1}. ${e(sectionTitles[s.name])}</a>`,
    e(s.status === 'not-run' ? (s.reason ?? s.headline) : s.headline),
  ]);
  return section('sections', 'Sections', tableHtml(['result', 'section', 'what it found'], rows));
}

/** A section's own heading block: its result, what failed, and what was noted without failing. */
function heading(s: Section, index: number): string {
  const parts = [`<p>${statusBadge(s.status)} ${e(s.headline)}</p>`];
  if (s.reason) parts.push(`<p class="note">Not run: ${e(s.reason)}</p>`);
  if (s.failures.length) parts.push(`<h3>What failed</h3>${lineList(s.failures, 'mismatch')}`);
  if (s.notes.length) parts.push(`<h3>Noted, not failing</h3>${lineList(s.notes, 'difference')}`);
  parts.push(`<p class="note">${e((s.durationMs / 1000).toFixed(1))} s</p>`);
  return section(`section-${s.name}`, `${index + 1}. ${sectionTitles[s.name]}`, parts.join(''));
}

function workflowDetails(s: WorkflowSection): string[] {
  if (!s.steps.length) return [];
  const rows = s.steps.map((step) => [
    badge(step.ok),
    e(step.name),
    `<code>${e(step.operationId)}</code>`,
    e(step.ms === null ? '—' : `${step.ms.toFixed(1)} ms`),
    e(step.check) +
      (step.failure ? lineList([step.failure], 'mismatch') : '') +
      lineList(step.differences, 'difference'),
  ]);
  return [
    section(
      'workflow-steps',
      'Workflow steps',
      tableHtml(['result', 'step', 'operation', 'time', 'checked after the step'], rows, [3]),
    ),
  ];
}

function loadDetails(s: LoadSection, charts: ChartSpec[]): string[] {
  const out: string[] = [];
  if (s.integrity.length) {
    const rows = s.integrity.map((r) => [badge(r.ok), e(r.rule), e(r.detail)]);
    out.push(section('load-integrity', 'Integrity', tableHtml(['result', 'rule', 'what the run saw'], rows)));
  }
  if (s.load) out.push(...loadSections(s.load, charts));
  return out;
}

/** Rows shown per rank; acceptance.json holds every finding. */
const shownPerRank = 100;

function negativeDetails(s: NegativeSection): string[] {
  const c = s.counts;
  const items: [string, number][] = [
    ['malformed requests', c.sent],
    ['refused as expected', c.refused],
    ['defects', c.defect],
    ['refused, differs', c.differs],
    ['lenient', c.lenient],
  ];
  const tiles = `<div class="tiles">${items
    .map(
      ([l, v]) =>
        `<div class="tile"><div class="label">${e(l)}</div><div class="value">${e(formatNumber(v))}</div></div>`,
    )
    .join('')}</div>`;
  const order: FindingRank[] = ['defect', 'differs', 'lenient'];
  const rows: string[][] = [];
  const more: string[] = [];
  for (const rank of order) {
    const found = s.findings.filter((f) => f.rank === rank);
    for (const f of found.slice(0, shownPerRank)) {
      rows.push([
        rankBadge[f.rank],
        `<code>${e(f.operationId)}</code> <code>${e(f.method)} ${e(f.path)}</code>`,
        e(f.description),
        e(f.status === 0 ? 'none' : f.status),
        e(f.why),
        `<code>${e(f.replay)}</code>`,
      ]);
    }
    if (found.length > shownPerRank) more.push(`${found.length - shownPerRank} more ${rank} findings`);
  }
  const table = rows.length
    ? tableHtml(['rank', 'operation', 'malformed', 'status', 'why', 'replay'], rows, [3])
    : '<p class="note">No findings: every malformed request was refused as expected.</p>';
  const note = more.length ? `<p class="note">${e(more.join(', '))} in acceptance.json.</p>` : '';
  return [
    section(
      'negative-findings',
      `Negative input: ranked findings (seed ${s.seed})`,
      `${tiles}<p class="note">defect: a 5xx, no answer, a documented response shape broken or a state change (fails the section) · differs: refused with an error body other than we assume · lenient: accepted input our schemas reject (the document never says it must be refused: information only)</p>${table}${note}`,
    ),
  ];
}

function createdSection(result: AcceptanceResult): string {
  const body = result.created.length
    ? tableHtml(
        ['section', 'what', 'count', 'ids'],
        result.created.map((c) => [
          e(sectionTitles[c.section]),
          e(c.what),
          e(formatNumber(c.count)),
          c.ids?.length ? c.ids.map((id) => `<code>${e(id)}</code>`).join(' ') : '',
        ]),
        [2],
      )
    : '<p class="note">Nothing was created.</p>';
  return section(
    'created',
    'Created on the provider',
    `<p class="note">The API cannot delete these: they stay on the provider.</p>${body}`,
  );
}

function planSection(result: AcceptanceResult): string {
  const rows = result.plan.map((p) => [
    e(sectionTitles[p.section]),
    e(formatNumber(p.requests)),
    e(p.rate),
    e(p.creates),
    e(p.detail),
  ]);
  return section(
    'plan',
    'The plan printed before anything was sent',
    tableHtml(['section', 'requests (about)', 'rate', 'creates', 'detail'], rows, [1]),
  );
}

export function buildAcceptanceHtml(result: AcceptanceResult, assets: PageAssets): string {
  const load = result.sections.find((s): s is LoadSection => s.name === 'load');
  const charts = load?.load?.timeseries ? buildCharts(load.load.timeseries) : [];
  const body = [sectionsTable(result)];
  result.sections.forEach((s, i) => {
    body.push(heading(s, i));
    if (s.name === 'contracts' && s.interactions.length) {
      body.push(verifySection({ interactions: s.interactions, strict: s.strict }));
    }
    if (s.name === 'workflow') body.push(...workflowDetails(s));
    if (s.name === 'load') body.push(...loadDetails(s, charts));
    if (s.name === 'negative' && s.status !== 'not-run') body.push(...negativeDetails(s));
  });
  body.push(createdSection(result), planSection(result), settingsSection(result.settings, load?.load));
  const targets =
    result.targets.offers === result.targets.pos
      ? result.targets.offers
      : `offers ${result.targets.offers} · POS ${result.targets.pos}`;
  return pageHtml({
    title: 'SessionM offers — vendor acceptance',
    verdict: { ok: result.accepted, text: result.accepted ? 'ACCEPTED' : 'NOT ACCEPTED' },
    meta: `${targets}${result.strict ? ' · --strict' : ''} · started ${result.startedAt}, finished ${result.finishedAt}`,
    body,
    charts,
    assets,
  });
}
