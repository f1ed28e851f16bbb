// What a load run sent and what became of its test data, from k6's summary data: requests per phase (the hot path
// apart from issue, set-up and teardown) and every per-flow offer accounted for. Pure: the k6 bundle uses it too.
import type { SummaryValues } from '../results.ts';
import { inPhase, metric, type Phase } from './names.ts';

export interface Accounting {
  /** Requests per phase (`http_reqs{phase:…}`); `total` is every request, admin calls included. */
  requests: { flow: number; issue: number; setup: number; teardown: number; total: number };
  /** Flows that ran the hot path: ended redeemed or failed. */
  flows: number;
  /** Hot-path requests beyond three per flow: retries and unlocks (fewer when flows stopped at Lookup or Lock). */
  extraHotPath: number;
  offers: {
    background: number;
    /** Per-flow offers issued; each one is redeemed, failed or left over. */
    issued: number;
    notIssued: number;
    redeemed: number;
    failed: number;
    /** Issued for flows the end of the run cut off before an outcome; negative only if a count is wrong. */
    leftOver: number;
  };
}

const value = (s: SummaryValues, metric: string, stat: string) => s.metrics[metric]?.values[stat] ?? 0;

export function accounting(s: SummaryValues): Accounting {
  const reqs = (phase: Phase) => value(s, inPhase('http_reqs', phase), 'count');
  const redeemed = value(s, metric.flowRedeemed, 'passes');
  const failed = value(s, metric.flowRedeemed, 'fails');
  const issued = value(s, metric.offerIssued, 'passes');
  // A summary from before requests had phases counts them all as the hot path.
  const flow = s.metrics[inPhase('http_reqs', 'flow')] ? reqs('flow') : value(s, 'http_reqs', 'count');
  return {
    requests: {
      flow,
      issue: reqs('issue'),
      setup: reqs('setup'),
      teardown: reqs('teardown'),
      total: value(s, 'http_reqs', 'count'),
    },
    flows: redeemed + failed,
    extraHotPath: flow - 3 * (redeemed + failed),
    offers: {
      background: value(s, metric.backgroundOffers, 'count'),
      issued,
      notIssued: value(s, metric.offerIssued, 'fails'),
      redeemed,
      failed,
      leftOver: issued - redeemed - failed,
    },
  };
}

// No toLocaleString: k6's runtime has no Intl.
const n = (v: number) => String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const signed = (v: number) => `${v < 0 ? '−' : '+'} ${n(Math.abs(v))}`;

/** "18,004 hot path (3 × 6,000 flows + 4 from retries, unlocks and flows that stopped early); 6,000 issue, …" */
export function requestsLine(a: Accounting): string {
  const r = a.requests;
  return `${n(r.flow)} hot path (3 × ${n(a.flows)} flows ${signed(a.extraHotPath)} from retries, unlocks and flows that stopped early); ${n(r.issue)} issue, ${n(r.setup)} set-up, ${n(r.teardown)} teardown`;
}

/** "6,000 per-flow offers issued = 5,998 redeemed + 2 failed + 0 left over; 600 background" */
export function offersLine(a: Accounting): string {
  const o = a.offers;
  const missed = o.notIssued > 0 ? `; ${n(o.notIssued)} failed issues (no flow ran for them)` : '';
  return `${n(o.issued)} per-flow offers issued = ${n(o.redeemed)} redeemed + ${n(o.failed)} failed + ${n(o.leftOver)} left over; ${n(o.background)} background${missed}`;
}
