// summary.md of an acceptance run ($GITHUB_STEP_SUMMARY): the verdict, a line per section, then the details.
import { escapeMarkdownCell as cell } from '../escape.ts';
import { loadSection, mark, table, verifySection } from '../markdown.ts';
import { formatNumber } from '../summary-data.ts';
import type { AcceptanceResult, FindingRank, NegativeSection, Section } from './types.ts';
import { sectionTitles } from './types.ts';

const statusMark = (s: Section) => (s.status === 'passed' ? '✅' : s.status === 'failed' ? '❌' : '⏭️ not run');

/** Findings listed per rank here; acceptance.json and report.html hold more. */
const listedPerRank = 20;

function negative(s: NegativeSection): string[] {
  const c = s.counts;
  const out = [
    `${formatNumber(c.sent)} malformed requests (seed ${s.seed}): ${formatNumber(c.refused)} refused as expected, ${c.defect} defects, ${c.differs} refused with an error body other than we assume, ${c.lenient} lenient`,
    '',
  ];
  const heads: Record<FindingRank, string> = {
    defect: 'Defects',
    differs: 'Refused, error body differs from our assumptions',
    lenient: 'Lenient (information only: accepted input our schemas reject)',
  };
  for (const rank of ['defect', 'differs', 'lenient'] as const) {
    const found = s.findings.filter((f) => f.rank === rank);
    if (!found.length) continue;
    out.push(`#### ${heads[rank]}: ${found.length}`, '');
    for (const f of found.slice(0, listedPerRank)) {
      out.push(`- ${f.operationId} ${f.method} ${f.path} with ${f.description}: ${f.why} — \`${f.replay}\``);
    }
    if (found.length > listedPerRank) out.push(`- … ${found.length - listedPerRank} more in acceptance.json`);
    out.push('');
  }
  return out;
}

function details(s: Section, index: number): string[] {
  const out = [`### ${index + 1}. ${sectionTitles[s.name]}: ${statusMark(s)} ${s.headline}`, ''];
  if (s.reason) out.push(`Not run: ${s.reason}`, '');
  if (s.failures.length) out.push('**What failed:**', '', ...s.failures.map((f) => `- ${f}`), '');
  if (s.notes.length) out.push('**Noted, not failing:**', '', ...s.notes.map((n) => `- ${n}`), '');
  if (s.name === 'contracts' && s.interactions.length) {
    // The section's own heading says what verifySection's would: its table and the lists under it.
    out.push(...verifySection({ interactions: s.interactions, strict: s.strict }).slice(2));
  }
  if (s.name === 'workflow' && s.steps.length) {
    out.push(
      table(
        ['', 'step', 'time', 'checked after the step'],
        s.steps.map((step) => [
          mark(step.ok),
          cell(step.name),
          step.ms === null ? '—' : `${step.ms.toFixed(1)} ms`,
          cell([step.check, ...(step.failure ? [step.failure] : []), ...step.differences].join('\n')),
        ]),
      ),
      '',
    );
  }
  if (s.name === 'load') {
    if (s.integrity.length) {
      out.push(
        table(
          ['', 'integrity rule', 'what the run saw'],
          s.integrity.map((r) => [mark(r.ok), cell(r.rule), cell(r.detail)]),
        ),
        '',
      );
    }
    if (s.load) out.push(...loadSection(s.load).map((l) => l.replace(/^###/, '####')));
  }
  if (s.name === 'negative' && s.status !== 'not-run') out.push(...negative(s));
  return out;
}

export function buildAcceptanceMarkdown(result: AcceptanceResult): string {
  const targets =
    result.targets.offers === result.targets.pos
      ? result.targets.offers
      : `offers ${result.targets.offers}, POS ${result.targets.pos}`;
  const out = [
    `## Vendor acceptance: ${result.accepted ? '✅ accepted' : '❌ not accepted'}`,
    '',
    `${targets}${result.strict ? ' · --strict' : ''} · ${result.startedAt}`,
    '',
    table(
      ['', 'section', 'what it found'],
      result.sections.map((s) => [
        statusMark(s),
        sectionTitles[s.name],
        cell(s.status === 'not-run' ? (s.reason ?? s.headline) : s.headline),
      ]),
    ),
    '',
  ];
  result.sections.forEach((s, i) => {
    out.push(...details(s, i));
  });
  out.push('### Created on the provider (the API cannot delete it)', '');
  if (!result.created.length) out.push('Nothing.', '');
  for (const c of result.created) {
    const ids = c.ids?.length ? `: ${c.ids.map((id) => `\`${id}\``).join(', ')}` : '';
    out.push(`- ${sectionTitles[c.section]}: ${formatNumber(c.count)} ${c.what}${ids}`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}
