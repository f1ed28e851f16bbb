// Findings ranked by what SessionM promised, for vendor acceptance. The document never says which requests a
// provider must refuse, so accepting a malformed one is information (lenient), never a failure. A defect breaks what
// it does promise: an answer at all, no server error, the documented response shape, and no change for a request
// that changes nothing. A refusal whose error body differs only from our assumptions is reported apart (differs).
import { responseFindings } from '../contracts/provider/schema-check.ts';
import type { OperationInfo } from '../schemas/catalog.ts';
import type { FuzzCase } from './cases.ts';
import type { Finding, Outcome } from './run.ts';
import type { Answer } from './send.ts';

export const ranks = ['defect', 'differs', 'lenient'] as const;
export type Rank = (typeof ranks)[number];

export interface RankedFinding {
  rank: Rank;
  case: FuzzCase;
  /** 0 when no HTTP answer came back. */
  status: number;
  /** Why it has its rank, one line: the JSON path for a broken shape. */
  why: string;
  /** The start of the answer, the network error, or the state before and after. */
  detail: string;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const snippet = (answer: Answer) =>
  answer.error ?? (answer.body.length > 300 ? `${answer.body.slice(0, 300)}...` : answer.body);

/** The rank of one answer; undefined when the case was refused as the document and our assumptions expect. */
export function rankAnswer(
  op: OperationInfo,
  fuzzCase: FuzzCase,
  answer: Answer,
  outcome: Outcome,
): RankedFinding | undefined {
  const found = (rank: Rank, why: string): RankedFinding => ({
    rank,
    case: fuzzCase,
    status: answer.status,
    why,
    detail: snippet(answer),
  });
  switch (outcome) {
    case 'rejected':
      return undefined;
    case 'server-error':
      return found('defect', `a server error (${answer.status})`);
    case 'network-error':
      return found('defect', `no HTTP answer (a hang or a dropped connection): ${answer.error ?? 'none'}`);
    default: {
      const findings = responseFindings(op, answer.status, parse(answer.body));
      const documented = findings.filter((f) => !f.assumption);
      if (documented.length) {
        return found(
          'defect',
          `answered ${answer.status}, breaking the documented response shape: ${documented.map((f) => f.text).join('; ')}`,
        );
      }
      if (outcome === 'accepted') return found('lenient', `accepted (${answer.status}) input our schemas reject`);
      return found(
        'differs',
        `refused (${answer.status}) with an error body that differs from our assumptions: ${findings.map((f) => f.text).join('; ')}`,
      );
    }
  }
}

/** A read-only request that changed the provider's state is always a defect. */
export const rankStateChange = (finding: Finding): RankedFinding => ({
  rank: 'defect',
  case: finding.case,
  status: finding.status,
  why: 'changed the provider state, though the operation changes nothing',
  detail: finding.detail,
});
