import { describe, expect, it } from 'vitest';
import { pageAssets } from '../assets.ts';
import { escapeHtml, jsonForScript } from '../escape.ts';
import { buildHtml } from '../html.ts';
import type { ReportInput } from '../types.ts';
import * as fx from './fixtures/index.ts';

const NASTY = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

describe('escaping', () => {
  it('escapes HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('keeps inline JSON from closing its script element, and round-trips', () => {
    const text = jsonForScript({ s: NASTY, ls: '\u2028' });
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ s: NASTY, ls: '\u2028' });
  });
});

describe('buildHtml', async () => {
  const assets = await pageAssets();
  const input = (): ReportInput => ({
    kind: 'load',
    load: { summary: fx.summary(), timeseries: fx.timeseries(), settings: fx.settings(), errorsByCode: { [NASTY]: 3 } },
    verify: {
      interactions: [
        {
          consumer: NASTY,
          provider: 'p',
          description: NASTY,
          providerState: NASTY,
          ok: false,
          mismatches: [{ path: NASTY, message: NASTY }],
        },
      ],
    },
  });

  it('inserts data only as escaped text', () => {
    const s = fx.summary();
    s.metrics[`${NASTY}`] = { type: 'rate', values: { rate: 1 }, thresholds: { [NASTY]: { ok: false } } };
    s.root_group = { name: '', groups: [], checks: [{ name: NASTY, passes: 1, fails: 0 }] };
    const html = buildHtml(
      { ...input(), load: { ...(input().load as NonNullable<ReportInput['load']>), summary: s } },
      assets,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('alert(2)</script>');
    // Only the page's own two script elements open.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain(escapeHtml(NASTY));
  });

  it('is self-contained: CSS, uPlot and data inline, no external reference, a CSP that forbids fetching', () => {
    const html = buildHtml(
      {
        load: { summary: fx.summary(), timeseries: fx.timeseries(), settings: fx.settings() },
        verify: { interactions: fx.interactions() },
      },
      assets,
    );
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/<[^>]+\s(src|href)\s*=/i);
    expect(html).toContain('.uplot'); // uPlot's stylesheet
    expect(html).toContain('Leon Sorokin'); // and its license notice
    expect(html).toMatch(/default-src 'none'/);
    const data = /<script type="application\/json" id="chart-data">(.*?)<\/script>/s.exec(html)?.[1];
    const charts = JSON.parse(data ?? 'null') as { id: string }[];
    expect(charts.map((c) => c.id)).toEqual([
      'latency-lookup',
      'latency-lock',
      'latency-redeem',
      'latency-flow',
      'throughput',
    ]);
    for (const c of charts) expect(html).toContain(`data-chart="${c.id}"`);
  });

  it('shows the sections the run has', () => {
    const html = buildHtml(input(), assets);
    for (const id of ['overview', 'latency', 'over-time', 'thresholds', 'checks', 'errors', 'contracts', 'settings']) {
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).not.toContain('<section id="baseline">');
    expect(html).toContain('FAILED: 1 threshold failed, 1 contract interaction failed');
    expect(html).toContain('<dt>profile</dt><dd class="mono">smoke</dd>');
    expect(html).toContain('<tr><td><code>redemption_lock_conflicts</code></td><td class="num">414</td></tr>');
  });

  it('says there are no charts when the run has no time series (a k6 run)', () => {
    const { timeseries: _, ...load } = input().load as NonNullable<ReportInput['load']>;
    const html = buildHtml({ load }, assets);
    expect(html).toContain('No time series for this run');
    expect(html).not.toContain('<div class="chart"');
    expect(html).toContain('<script type="application/json" id="chart-data">[]</script>');
  });

  it('headlines documented failures apart from differences and states not run, and lists those apart', () => {
    const html = buildHtml({ kind: 'verify', verify: { interactions: fx.assessedInteractions() } }, assets);
    expect(html).toContain(
      'Contract interactions: documented: 1 failed · assumptions: 1 differ · not run: 1 · verified: 1 of 4',
    );
    expect(html).toContain('<span class="badge warn">differs</span>');
    expect(html).toContain('<span class="badge skip">not run</span>');
    expect(html).toContain('<h3>Differences from our assumptions (not failing)</h3>');
    expect(html).toContain(
      '<li>differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED</li>',
    );
    expect(html).toContain('<h3>Not run</h3>');
    expect(html.indexOf('badge fail')).toBeLessThan(html.indexOf('badge warn'));
  });
});
