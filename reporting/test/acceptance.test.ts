import { describe, expect, it } from 'vitest';
import { buildAcceptanceHtml } from '../acceptance/html.ts';
import { buildAcceptanceJunit } from '../acceptance/junit.ts';
import { buildAcceptanceMarkdown } from '../acceptance/markdown.ts';
import type { AcceptanceResult, Section } from '../acceptance/types.ts';
import { acceptanceVerdict } from '../acceptance/verdict.ts';
import { pageAssets } from '../assets.ts';
import { acceptance } from './fixtures/acceptance.ts';
import { parseXml } from './xml.ts';

const withSection = (r: AcceptanceResult, name: Section['name'], change: Partial<Section>): AcceptanceResult => ({
  ...r,
  sections: r.sections.map((s) => (s.name === name ? ({ ...s, ...change } as Section) : s)),
});

describe('acceptanceVerdict', () => {
  it('accepts only when all four sections ran and passed', () => {
    const passed = withSection(acceptance(), 'workflow', { status: 'passed' }).sections;
    expect(acceptanceVerdict(passed)).toEqual({ accepted: true, reasons: [] });
    expect(acceptanceVerdict(acceptance().sections).accepted).toBe(false);
    const notRun = withSection(acceptance(), 'workflow', { status: 'passed' });
    const load = notRun.sections.map((s) =>
      s.name === 'load' ? ({ ...s, status: 'not-run', reason: 'no --members: 5 flows/s need 8' } as Section) : s,
    );
    expect(acceptanceVerdict(load)).toEqual({
      accepted: false,
      reasons: ['Load: not run: no --members: 5 flows/s need 8'],
    });
    expect(acceptanceVerdict(passed.slice(0, 3))).toEqual({ accepted: false, reasons: ['Negative input: not run'] });
  });
});

describe('the acceptance report.html', () => {
  it('opens with the verdict and a line per section, then the details, what was created and the plan', async () => {
    const html = buildAcceptanceHtml(acceptance(), await pageAssets());
    expect(html).toContain('<span class="verdict fail">NOT ACCEPTED</span>');
    const order = [
      'id="sections"',
      'id="section-contracts"',
      'id="section-workflow"',
      'id="workflow-steps"',
      'id="section-load"',
      'id="load-integrity"',
      'id="latency"',
      'id="section-negative"',
      'id="negative-findings"',
      'id="created"',
      'id="plan"',
      'id="settings"',
    ];
    const at = order.map((id) => html.indexOf(id));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const table = html.slice(html.indexOf('id="sections"'), html.indexOf('id="section-contracts"'));
    expect([...table.matchAll(/<span class="badge (\w+)">([\w ]+)<\/span>/g)].map((m) => m[2])).toEqual([
      'passed',
      'failed',
      'passed',
      'passed',
    ]);
    expect(html).toContain('a redeemed user offer was redeemed again');
    expect(html).toContain('<span class="badge skip">lenient</span>');
    expect(html).toContain('<span class="badge warn">differs</span>');
    expect(html).toContain('--seed 424242 --case 22');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says why a section did not run', async () => {
    const r = withSection(acceptance(), 'load', {
      status: 'not-run',
      reason: 'no --members',
      load: undefined,
    } as Partial<Section>);
    const html = buildAcceptanceHtml(r, await pageAssets());
    expect(html).toContain('Not run: no --members');
    expect(html).toContain('<span class="badge fail">not run</span>');
  });
});

describe('the acceptance junit.xml', () => {
  it('has one suite per section; a failed step fails, lenient findings and differences are skipped', () => {
    const doc = parseXml(buildAcceptanceJunit(acceptance()));
    const suites = doc.children.filter((c) => c.name === 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual([
      'acceptance 1. Contracts',
      'acceptance 2. Workflow',
      'acceptance 3. Load',
      'acceptance 4. Negative input',
    ]);
    expect(suites.map((s) => [s.attrs.failures, s.attrs.skipped])).toEqual([
      ['0', '2'],
      ['1', '0'],
      ['0', '0'],
      ['0', '4'],
    ]);
  });

  it('fails a section that did not run, and under --strict the differences', () => {
    const notRun = withSection(acceptance(), 'load', { status: 'not-run', reason: 'no --members' } as Partial<Section>);
    const load = parseXml(buildAcceptanceJunit(notRun)).children.find((c) => c.attrs.name === 'acceptance 3. Load');
    expect(load?.attrs).toMatchObject({ tests: '1', failures: '1' });
    const strict = parseXml(buildAcceptanceJunit({ ...acceptance(), strict: true }));
    const negative = strict.children.find((c) => c.attrs.name === 'acceptance 4. Negative input');
    expect(negative?.attrs).toMatchObject({ failures: '1', skipped: '3' });
  });
});

describe('the acceptance summary.md', () => {
  it('starts with the verdict and a table of the sections, then lists what was created', () => {
    const md = buildAcceptanceMarkdown(acceptance());
    const lines = md.split('\n');
    expect(lines[0]).toBe('## Vendor acceptance: ❌ not accepted');
    expect(
      lines
        .filter((l) => /^\| (✅|❌|⏭️ not run) \| /.test(l))
        .slice(0, 4)
        .map((l) => l.split(' | ')[1]),
    ).toEqual(['Contracts', 'Workflow', 'Load', 'Negative input']);
    expect(md).toContain('#### Lenient (information only: accepted input our schemas reject): 3');
    expect(md).toContain('- Workflow: 2 transactions: `accept-m1x2y3-1`, `accept-m1x2y3-2`');
  });
});
