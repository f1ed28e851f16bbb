// The typed client's Transport over k6's http.asyncRequest; each request is tagged with its step and phase.
import http from 'k6/http';
import type { Transport } from '../../client/client.ts';
import type { OperationId } from '../../schemas/generated/operations.ts';
import { lookupBytes } from './metrics.ts';
import type { Phase } from './profiles.ts';

/** The `name` tag per operation: thresholds and the summary group requests by it. */
export const stepNames: Partial<Record<OperationId, string>> = {
  getUserOffers: 'lookup',
  lockUserOffer: 'lock',
  sendTransaction: 'redeem',
  unlockUserOffer: 'unlock',
  createOffer: 'create_offer',
  issueUserOffer: 'issue',
};

/**
 * Hot-path requests keep their step's name (`lookup`), so `http_req_duration{name:lookup}` sees the hot path
 * only; elsewhere the phase is prefixed (`setup_lookup`, `teardown_unlock`). The flow's own issue is `issue`.
 */
export const requestName = (phase: Phase, step: string) =>
  phase === 'flow' || phase === step ? step : `${phase}_${step}`;

export function k6Transport(phase: Phase, timeout = '10s'): Transport {
  return {
    async send(request) {
      const name = requestName(phase, stepNames[request.operationId] ?? request.operationId);
      const res = await http.asyncRequest(request.method, request.url, request.body, {
        headers: request.headers,
        tags: { name, phase },
        timeout,
      });
      const body = typeof res.body === 'string' ? res.body : '';
      // The size of the wallet a till receives: it must not drift over a run (docs/performance.md).
      if (phase === 'flow' && request.operationId === 'getUserOffers' && res.status === 200) {
        lookupBytes.add(body.length);
      }
      return res.error ? { status: res.status, body, error: res.error } : { status: res.status, body };
    },
  };
}
