import { describe, expect, it } from 'vitest';
import { buildJunit } from '../junit.ts';
import * as fx from './fixtures/index.ts';
import { all, parseXml } from './xml.ts';

describe('the test XML reader', () => {
  it('rejects malformed XML, so the checks below can fail', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a x="1 & 2"/>')).toThrow(/entity/);
    expect(() => parseXml('<a>x < y</a>')).toThrow();
    expect(() => parseXml('<a>')).toThrow(/never closed/);
  });
});

describe('buildJunit', () => {
  const doc = parseXml(
    buildJunit({ load: { summary: fx.summary(), settings: {} }, verify: { interactions: fx.interactions() } }),
  );
  const cases = all(doc, 'testcase');

  it('has one test case per threshold and per interaction', () => {
    const thresholds = Object.values(fx.summary().metrics).flatMap((m) => Object.keys(m.thresholds ?? {}));
    expect(thresholds).toHaveLength(7);
    expect(cases).toHaveLength(thresholds.length + fx.interactions().length);
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toMatchObject({ tests: '10', failures: '2', skipped: '0' });
    const suites = all(doc, 'testsuite');
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['k6 thresholds', '7', '1'],
      ['contract verification', '3', '1'],
    ]);
  });

  it('gives a failed threshold its reason: metric, expression and observed value', () => {
    const failed = cases.filter((c) => c.children.some((f) => f.name === 'failure'));
    const lock = failed.find((c) => c.attrs.classname === 'thresholds.http_req_duration{name:lock}');
    expect(lock?.attrs.name).toBe('p(99)<20');
    expect(lock?.children[0]?.attrs.message).toBe(
      "http_req_duration{name:lock}: threshold 'p(99)<20' failed (p(99)=24.8)",
    );
    const passed = cases.find(
      (c) => c.attrs.name === 'p(95)<300' && c.attrs.classname === 'thresholds.http_req_duration{name:lock}',
    );
    expect(passed?.children).toEqual([]);
  });

  it('gives a failed interaction its mismatches', () => {
    const c = cases.find((x) => x.attrs.name?.startsWith('a redemption of a locked offer'));
    expect(c?.attrs).toMatchObject({
      classname: 'contracts.offers-client.sessionm-offers',
      name: 'a redemption of a locked offer (given offer o-1 is locked by the user)',
    });
    const failure = c?.children[0];
    expect(failure?.attrs.message).toBe(
      '$.payload.redeemed_at: Expected a string matching ISO 8601 but got null (+1 more)',
    );
    expect(failure?.text).toBe(
      "$.payload.redeemed_at: Expected a string matching ISO 8601 but got null\n$.status: Expected 'ok' but got 'error'",
    );
  });

  it('stays well-formed whatever the names hold', () => {
    const nasty = `<x a="1">&amp; ]]> \u0001 'q'\nline`;
    const xml = buildJunit({
      verify: {
        interactions: [
          {
            consumer: nasty,
            provider: 'p',
            description: nasty,
            ok: false,
            mismatches: [{ path: nasty, message: nasty }],
          },
        ],
      },
    });
    const [tc] = all(parseXml(xml), 'testcase');
    const clean = nasty.replace('\u0001', '');
    expect(tc?.attrs.name).toBe(clean);
    expect(tc?.children[0]?.text).toBe(`${clean}: ${clean}`);
  });

  it('writes an empty but valid document when there is nothing to test', () => {
    expect(parseXml(buildJunit({})).attrs).toEqual({ tests: '0', failures: '0', skipped: '0' });
  });

  it('skips an interaction that differs from our assumptions or did not run, with the reason; strict fails them', () => {
    const lenient = parseXml(buildJunit({ verify: { interactions: fx.assessedInteractions() } }));
    expect(lenient.attrs).toEqual({ tests: '4', failures: '1', skipped: '2' });
    const [, lock, expired, fetch] = all(lenient, 'testcase');
    expect(lock?.children.map((c) => [c.name, c.attrs.message])).toEqual([
      [
        'skipped',
        'differs from our assumption: lock of a user offer locked by another transaction: expected 409 LOCK_CONFLICT, got 409 OFFER_LOCKED; differs from our assumption: POS error bodies carry "payload": null: the answer has no payload',
      ],
    ]);
    expect(expired?.children[0]?.attrs.message).toBe(
      'not run: no expired user offer: set expired_user_offer_id in the fixtures',
    );
    expect(fetch?.children[0]?.name).toBe('failure');

    const strict = parseXml(buildJunit({ verify: { interactions: fx.assessedInteractions(true), strict: true } }));
    expect(strict.attrs).toEqual({ tests: '4', failures: '3', skipped: '0' });
    const strictLock = all(strict, 'testcase')[1]?.children[0];
    expect(strictLock?.name).toBe('failure');
    expect(strictLock?.text).toContain("  errors.code: expected 'LOCK_CONFLICT', got 'OFFER_LOCKED'");
  });
});
