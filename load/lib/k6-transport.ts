// The typed client's Transport over k6's http.asyncRequest; each request is tagged with its flow step.
import http from 'k6/http';
import type { Transport } from '../../client/client.ts';
import type { OperationId } from '../../schemas/generated/operations.ts';

/** The `name` tag per operation: thresholds and the summary group requests by it. */
export const stepNames: Partial<Record<OperationId, string>> = {
  getUserOffers: 'lookup',
  lockUserOffer: 'lock',
  sendTransaction: 'redeem',
  unlockUserOffer: 'unlock',
  createOffer: 'create_offer',
  issueUserOffer: 'issue',
};

export function k6Transport(timeout = '10s'): Transport {
  return {
    async send(request) {
      const res = await http.asyncRequest(request.method, request.url, request.body, {
        headers: request.headers,
        tags: { name: stepNames[request.operationId] ?? request.operationId },
        timeout,
      });
      const body = typeof res.body === 'string' ? res.body : '';
      return res.error ? { status: res.status, body, error: res.error } : { status: res.status, body };
    },
  };
}
