// The typed clients' Transport over k6's http.asyncRequest; each request is tagged with its step and phase.
import http from 'k6/http';
import type { Transport } from '../../client/client.ts';
import type { HttpRequest } from '../../client/requests.ts';
import type { AdminOperationId } from '../../schemas/mock-admin.ts';
import { lookupBytes } from './metrics.ts';
import { mockAdminName, type Phase, step, stepOf } from './names.ts';

/**
 * Hot-path requests keep their step's name (`lookup`), so `http_req_duration{name:lookup}` sees the hot path
 * only; elsewhere the phase is prefixed (`setup_lookup`, `teardown_unlock`). The flow's own issue is `issue`.
 */
export const requestName = (phase: Phase, stepName: string) =>
  phase === 'flow' || phase === stepName ? stepName : `${phase}_${stepName}`;

async function exchange(request: HttpRequest<string>, tags: { name: string; phase: Phase }, timeout: string) {
  const res = await http.asyncRequest(request.method, request.url, request.body, {
    headers: request.headers,
    tags,
    timeout,
  });
  const body = typeof res.body === 'string' ? res.body : '';
  return res.error ? { status: res.status, body, error: res.error } : { status: res.status, body };
}

export function k6Transport(phase: Phase, timeout = '10s'): Transport {
  return {
    async send(request) {
      const name = requestName(phase, stepOf[request.operationId] ?? request.operationId);
      const answer = await exchange(request, { name, phase }, timeout);
      // The size of the wallet a till receives: it must not drift over a run (docs/performance.md).
      if (phase === 'flow' && name === step.lookup && answer.status === 200) {
        lookupBytes.add(answer.body.length);
      }
      return answer;
    },
  };
}

/** The mock's admin API, all under one name (`mock_admin`): seeding many members takes its time. */
export function k6AdminTransport(phase: Phase): Transport<AdminOperationId> {
  return { send: (request) => exchange(request, { name: mockAdminName, phase }, '120s') };
}
