// A SessionM nobody tuned the pacts to: the embedded mock behind a rewriting proxy that follows the seed wherever
// the seed speaks (success answers untouched, save an unknown extra field), and makes its own reasonable choices
// wherever the sources are silent:
//   - its own error codes: NOT_FOUND for an unknown member, OFFER_LOCKED, OFFER_REDEEMED, OFFER_NOT_LOCKED,
//     OFFER_EXPIRED, INVALID_REQUEST, INVALID_AUTH_TOKEN;
//   - error bodies without payload and validation_errors; POS error bodies say "ERROR";
//   - 404 NOT_FOUND for a malformed offer id, and for a lookup by an empty external_customer_id;
//   - ISO dates accepted on create, money with a decimal comma on lock;
//   - issuing an offer whose acquisition dates have passed; 200 for unlocking a user offer that is not locked;
//   - an empty history for a malformed user id; Content-Type with a charset.
// Verification must report each as a difference from our assumptions and fail none. `startVendorDouble(url,
// { breaks })` adds a change that breaks the documented contract, for the tests that it is caught. Reused by the
// tests of every command that judges a provider.
import { MockAdminClient } from '../../../client/mock-admin.ts';
import { nodeTransport } from '../../../client/node-transport.ts';
import { describeFailure } from '../../../client/responses.ts';
import { loadOperations } from '../../../schemas/catalog.ts';
import { type Answer, type Rewrite, type Sent, startRewritingProxy } from './rewriting-proxy.ts';

const codes: Record<string, string> = {
  USER_NOT_FOUND: 'NOT_FOUND',
  LOCK_CONFLICT: 'OFFER_LOCKED',
  ALREADY_REDEEMED: 'OFFER_REDEEMED',
  NOT_LOCKED: 'OFFER_NOT_LOCKED',
  OFFER_NOT_ELIGIBLE: 'OFFER_EXPIRED',
  VALIDATION: 'INVALID_REQUEST',
  INVALID_API_KEY: 'INVALID_AUTH_TOKEN',
};

const operations = loadOperations();
const operationOf = (sent: Sent) =>
  operations.find((op) => op.methods.includes(sent.method) && [op.path, ...op.aliases].includes(sent.path))
    ?.operationId;

type Body = Record<string, any>;
const json = { 'Content-Type': 'application/json; charset=utf-8' };

const isoToLocal = (value: unknown) =>
  typeof value === 'string'
    ? value.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, '$1 $2$3')
    : value;

/** Money strings with a decimal comma, read as decimal points. */
function decimalPoints(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^(-?\d*),(\d{1,4})$/, '$1.$2');
  if (Array.isArray(value)) return value.map(decimalPoints);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decimalPoints(v)]));
  }
  return value;
}

const notFound = (pos: boolean, message: string): Answer => ({
  status: 404,
  body: { status: pos ? 'ERROR' : 'error', errors: { code: 'NOT_FOUND', message } },
  headers: json,
});

function vendorRewrite(admin: MockAdminClient): Rewrite {
  return {
    request(sent) {
      const body = sent.body as Body | undefined;
      const op = operationOf(sent);
      if (op === 'createOffer' && body?.common_config) {
        const common = body.common_config;
        return {
          ...body,
          common_config: {
            ...common,
            acquisition_start_date: isoToLocal(common.acquisition_start_date),
            acquisition_end_date: isoToLocal(common.acquisition_end_date),
          },
        };
      }
      if (op === 'lockUserOffer' && body) return decimalPoints(body);
      return undefined;
    },

    async answer(sent, answer) {
      const op = operationOf(sent);
      if (!op) return undefined;
      const pos = ['getUserOffers', 'lockUserOffer', 'sendTransaction', 'unlockUserOffer'].includes(op);
      const body = answer.body as Body | undefined;
      if (answer.status < 300) {
        return { ...answer, body: { ...body, vendor_trace_id: 'double-1' }, headers: json };
      }
      const code: string | undefined = body?.errors?.code;
      const firstPath: string | undefined = body?.errors?.validation_errors?.[0]?.path;
      if (op === 'fetchOffer' && code === 'VALIDATION' && firstPath === '/offer_id') {
        return notFound(false, 'no offer has that id');
      }
      if (op === 'getUserOffers' && code === 'VALIDATION' && firstPath?.endsWith('/external_customer_id')) {
        return notFound(true, 'no member has that external_customer_id');
      }
      if (op === 'getUserOfferHistory' && code === 'VALIDATION') {
        return { status: 200, body: { status: 'ok', payload: { total_records: 0, results: [] } }, headers: json };
      }
      if (op === 'unlockUserOffer' && code === 'NOT_LOCKED') {
        return { status: 200, body: { status: 'OK', payload: null, errors: null }, headers: json };
      }
      if (op === 'issueUserOffer' && code === 'OFFER_NOT_ELIGIBLE') {
        const { user_id, offer_id } = sent.body as Body;
        const issued = await admin.issueIgnoringDates(user_id, offer_id);
        if (!issued.ok) throw new Error(describeFailure(issued));
        return {
          status: 200,
          body: { status: 'ok', payload: { user_offer_id: issued.body.payload.user_offer_id } },
          headers: json,
        };
      }
      if (!code) return undefined;
      return {
        status: answer.status,
        body: {
          status: pos ? 'ERROR' : 'error',
          errors: { code: codes[code] ?? code, message: body?.errors?.message },
        },
        headers: json,
      };
    },
  };
}

/** A change that breaks the documented contract, applied after the vendor's own choices. */
export type Break = (sent: Sent & { operationId?: string }, answer: Answer) => Answer | undefined;

export async function startVendorDouble(mockUrl: string, options: { breaks?: Break } = {}) {
  const transport = nodeTransport({ connections: 1 });
  const vendor = vendorRewrite(new MockAdminClient(mockUrl, transport));
  const proxy = await startRewritingProxy(mockUrl, {
    request: (sent) => vendor.request?.(sent),
    async answer(sent, original) {
      const answer = (await vendor.answer?.(sent, original)) ?? original;
      const operationId = operationOf(sent);
      return options.breaks?.({ ...sent, ...(operationId ? { operationId } : {}) }, answer) ?? answer;
    },
  });
  return { ...proxy, close: () => proxy.close().finally(() => transport.close()) };
}
