// Requests and answers held to schemas/ while verifying, whatever the pact pins. A violation of a documented shape
// is a failure; one of an assumed part (the issue answer, most of the error envelope) is a difference.
import { loadOperations, type OperationInfo } from '../../schemas/catalog.ts';
import type { OperationId } from '../../schemas/generated/operations.ts';
import { validate } from '../../schemas/validate.ts';
import { errorPartAt, type Part, responses } from '../expectations.ts';
import type { Api } from '../names.ts';

export interface Finding {
  /** One line: the JSON path first, `payload.offer.root_offer_id: required by fetch-offer.response.json`. */
  text: string;
  /** Undefined when the broken part is documented; else the assumption the answer differs from. */
  assumption?: Part;
}

/** "/payload/0/offers/1/amount" → "payload[0].offers[1].amount"; the root is "the body". */
export function dottedPath(pointer: string): string {
  const parts = pointer.split('/').slice(1);
  if (!parts.length || (parts.length === 1 && parts[0] === '')) return 'the body';
  return parts.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

const plain = (message: string) => (message === 'is required' ? 'required' : message);

const operations = loadOperations();

/** The operation a request goes to, by method and path (documented path or alias). */
export function operationAt(method: string, path: string): OperationInfo | undefined {
  const bare = path.split('?')[0] ?? path;
  return operations.find((op) => op.methods.includes(method.toUpperCase()) && [op.path, ...op.aliases].includes(bare));
}

export function requestFindings(op: OperationInfo, body: unknown): Finding[] {
  const result = validate(op.requestSchema, body);
  return result.ok
    ? []
    : result.violations.map((v) => ({ text: `${dottedPath(v.path)}: ${plain(v.message)} by ${op.requestSchema}` }));
}

/** An answer against its schema: a 2xx against the operation's response schema, anything else the error envelope. */
export function responseFindings(op: OperationInfo, status: number, body: unknown): Finding[] {
  if (status >= 200 && status < 300) {
    const provenance = responses[op.operationId as OperationId];
    const assumption =
      provenance?.kind === 'assumed' ? { name: `the ${op.operationId} answer's shape`, provenance } : undefined;
    const result = validate(op.responseSchema, body);
    if (result.ok) return [];
    return result.violations.map((v) => ({
      text: `${dottedPath(v.path)}: ${plain(v.message)} by ${op.responseSchema}`,
      ...(assumption ? { assumption } : {}),
    }));
  }
  const result = validate('error.response.json', body);
  if (result.ok) return [];
  return result.violations.map((v) => {
    const path = dottedPath(v.path);
    const part = errorPartAt(op.api as Api, path === 'the body' ? '' : path);
    return {
      text: `${path}: ${plain(v.message)} by error.response.json`,
      ...(part.provenance.kind === 'assumed' ? { assumption: part } : {}),
    };
  });
}
