import { describe, expect, it } from 'vitest';
import { compareBaseline } from '../../load/compare-baseline.ts';
import { buildMarkdown } from '../markdown.ts';
import * as fx from './fixtures/index.ts';

const load = () => ({
  summary: fx.summary(),
  settings: fx.settings(),
  errorsByCode: { LOCK_CONFLICT: 414, 'http 503': 2 },
});

describe('buildMarkdown', () => {
  const md = buildMarkdown({ kind: 'load', load: load(), verify: { interactions: fx.interactions() } });

  it('opens with the verdict and why', () => {
    expect(md.split('\n')[0]).toBe('## load run: ❌ failed (1 threshold failed, 1 contract interaction failed)');
    expect(buildMarkdown({ kind: 'verify', verify: { interactions: [] } }).split('\n')[0]).toBe(
      '## verify run: ✅ passed',
    );
  });

  it('has a per-step percentile table', () => {
    expect(md).toContain('| step | p50 | p90 | p95 | p99 | max |');
    expect(md).toContain('| lock | 2.40 ms | 6.40 ms | 9.10 ms | 24.8 ms | 187 ms |');
    expect(md).toContain('| whole flow | 7.10 ms | 17.4 ms | 24.9 ms | 61.3 ms | 243 ms |');
  });

  it('lists thresholds with pass/fail, checks, errors and dropped iterations', () => {
    expect(md).toContain('### Thresholds: 6 passed, 1 failed');
    expect(md).toContain('| ❌ | http_req_duration{name:lock} | p(99)&lt;20 | p(99)=24.8 |');
    expect(md).toContain('| ❌ | redemption flow › lock 200 or 409 | 14805 | 15 |');
    expect(md).toContain('| ✅ | response matches schema | 44016 | 0 |');
    expect(md).toContain('**Failed requests:** 1.01% (445 of 44031) · **Dropped iterations:** 180');
    expect(md).toContain('### Errors by cause');
    expect(md).toContain('| LOCK_CONFLICT | 414 |');
    // 445 failed, 416 counted by the checks: the rest is explained, never left beside "no errors".
    expect(md).toContain('29 failed requests were counted by no check');
    expect(md).toContain('**Flow outcomes:** redemption_lock_conflicts 414 · redemption_redeem_rejected 15');
  });

  it('lists contract results with mismatches', () => {
    expect(md).toContain('### Contracts: documented: 1 failed · assumptions: none differ · verified: 2 of 3');
    expect(md).toContain(
      "| ❌ failed | offers-client → sessionm-offers | a redemption of a locked offer (given offer o-1 is locked by the user) | $.payload.redeemed_at: Expected a string matching ISO 8601 but got null<br>$.status: Expected 'ok' but got 'error' |",
    );
  });

  it('lists differences from our assumptions and states not run apart from documented failures', () => {
    const out = buildMarkdown({ kind: 'verify', verify: { interactions: fx.assessedInteractions() } });
    expect(out.split('\n')[0]).toBe('## verify run: ❌ failed (1 contract interaction failed)');
    expect(out).toContain(
      '### Contracts: documented: 1 failed · assumptions: 1 differ · not run: 1 · verified: 1 of 4',
    );
    expect(out).toContain('#### Differences from our assumptions (not failing)');
    expect(out).toContain(
      '- differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED',
    );
    expect(out).toContain(
      '#### Not run\n\n- a request to lock a user offer whose offer is out of its dates: no expired user offer',
    );
    expect(out.indexOf('| ❌ failed |')).toBeLessThan(out.indexOf('| ⚠️ differs |'));
    const strict = buildMarkdown({
      kind: 'verify',
      verify: { interactions: fx.assessedInteractions(true), strict: true },
    });
    expect(strict.split('\n')[0]).toBe(
      '## verify run: ❌ failed (1 contract interaction failed, 1 interaction differ from our assumptions (strict), 1 interaction not run (strict))',
    );
  });

  it('shows the baseline comparison', () => {
    const slower = fx.summary();
    (slower.metrics.redemption_flow_duration as { values: Record<string, number> }).values['p(95)'] = 49.8;
    const baseline = { ...compareBaseline(slower, fx.summary()), source: 'reports/base-load' };
    const out = buildMarkdown({ load: { ...load(), summary: slower }, baseline });
    expect(out).toContain('### Baseline comparison: REGRESSION');
    expect(out).toContain('Tolerance: p95 +20%, p99 +20%, error rate +1 pts · baseline: reports/base-load');
    expect(out).toContain('| ❌ | whole flow p95 | 24.9 ms | 49.8 ms | +100.0% |');
    expect(out).toContain('| ✅ | error rate (http_req_failed) | 1.01% | 1.01% | +0.00 pts |');
  });

  it('keeps table cells from breaking the table or injecting HTML', () => {
    const out = buildMarkdown({
      verify: {
        interactions: [
          { consumer: 'a|b', provider: '<img src=x onerror=alert(1)>', description: 'd', ok: true, mismatches: [] },
        ],
      },
    });
    expect(out).toContain('| ✅ | a\\|b → &lt;img src=x onerror=alert(1)&gt; | d |  |');
    expect(out).not.toContain('<img');
  });
});
