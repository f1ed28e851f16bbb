// The embedded mock's admin API (/__mock/*, schemas/mock-admin.ts) as a typed client, split as SessionMClient is:
// requests built here, sent by any Transport (undici in Node, k6's http in the load scripts), answers parsed and held
// to their schemas, so a success is the mock's own answer and anything else says what answered instead.
// No Node built-ins.

import type { MockFaultsRequest, MockSeedRequest, MockUserRequest } from '../schemas/generated/types.ts';
import { type AdminOperationId, type AdminTypes, adminOperations } from '../schemas/mock-admin.ts';
import { violationsOf } from '../schemas/standalone.ts';
import type { Transport } from './client.ts';
import type { HttpRequest } from './requests.ts';
import { type CallResult, parseResponse } from './responses.ts';

export type AdminResult<Op extends AdminOperationId> = CallResult<Op, AdminTypes[Op]['response']>;

/** The admin route's request: no auth, a JSON body for the routes that read one. */
export function buildAdminRequest<Op extends AdminOperationId>(
  baseUrl: string,
  operationId: Op,
  body: AdminTypes[Op]['request'],
): HttpRequest<Op> {
  const op = adminOperations[operationId];
  return {
    operationId,
    method: op.method,
    url: baseUrl + op.path,
    headers:
      body === undefined
        ? { Accept: 'application/json' }
        : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export class MockAdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly transport: Transport<AdminOperationId>,
  ) {}

  /** Back to exactly the demo data set. */
  reset() {
    return this.call('mockReset', undefined);
  }

  addUser(user: MockUserRequest) {
    return this.call('mockAddUser', user);
  }

  /** `users` members with `offers_per_user` issued user offers each. */
  seed(request: MockSeedRequest) {
    return this.call('mockSeed', request);
  }

  /** Issues an offer whatever its dates: the one way to hold a user offer whose offer has ended. */
  issueIgnoringDates(userId: string, offerId: string) {
    return this.call('mockIssueUserOffer', { user_id: userId, offer_id: offerId });
  }

  state() {
    return this.call('mockState', undefined);
  }

  faults() {
    return this.call('mockFaults', undefined);
  }

  setFaults(doc: MockFaultsRequest) {
    return this.call('mockSetFaults', doc);
  }

  clearFaults() {
    return this.call('mockClearFaults', undefined);
  }

  async call<Op extends AdminOperationId>(operationId: Op, body: AdminTypes[Op]['request']): Promise<AdminResult<Op>> {
    const response = await this.transport.send(buildAdminRequest(this.baseUrl, operationId, body));
    const result = parseResponse<Op, AdminTypes[Op]['response']>(operationId, response);
    if (!result.ok) return result;
    const violations = violationsOf(adminOperations[operationId].responseSchema, result.body);
    if (violations.length === 0) return result;
    return { ok: false, operationId, status: result.status, error: undefined, text: response.body, violations };
  }
}
