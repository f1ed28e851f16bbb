// The embedded mock's admin API (/__mock/*): each route's method, path and schema files, read by the mock that serves
// it (mock/admin.ts) and by the client that calls it (client/mock-admin.ts). Not SessionM's, so not in openapi.json.
// No Node built-ins: the k6 scripts' set-up calls it too.
import type * as T from './generated/types.ts';

export const adminOperations = {
  mockReset: { method: 'POST', path: '/__mock/reset', responseSchema: 'mock-reset.response.json' },
  mockAddUser: {
    method: 'POST',
    path: '/__mock/users',
    requestSchema: 'mock-user.request.json',
    responseSchema: 'mock-user.response.json',
  },
  mockSeed: {
    method: 'POST',
    path: '/__mock/seed',
    requestSchema: 'mock-seed.request.json',
    responseSchema: 'mock-seed.response.json',
  },
  mockIssueUserOffer: {
    method: 'POST',
    path: '/__mock/user_offers',
    requestSchema: 'mock-user-offer.request.json',
    responseSchema: 'mock-user-offer.response.json',
  },
  mockState: { method: 'GET', path: '/__mock/state', responseSchema: 'mock-state.response.json' },
  mockFaults: { method: 'GET', path: '/__mock/faults', responseSchema: 'mock-faults.response.json' },
  mockSetFaults: {
    method: 'POST',
    path: '/__mock/faults',
    requestSchema: 'mock-faults.request.json',
    responseSchema: 'mock-faults.response.json',
  },
  mockClearFaults: { method: 'DELETE', path: '/__mock/faults', responseSchema: 'mock-faults.response.json' },
} as const satisfies Record<
  string,
  { method: 'GET' | 'POST' | 'DELETE'; path: `/__mock/${string}`; requestSchema?: string; responseSchema: string }
>;

export type AdminOperationId = keyof typeof adminOperations;

/** What each admin route reads (undefined: no body) and answers with. */
export interface AdminTypes {
  mockReset: { request: undefined; response: T.MockResetResponse };
  mockAddUser: { request: T.MockUserRequest; response: T.MockUserResponse };
  mockSeed: { request: T.MockSeedRequest; response: T.MockSeedResponse };
  mockIssueUserOffer: { request: T.MockUserOfferRequest; response: T.MockUserOfferResponse };
  mockState: { request: undefined; response: T.MockStateResponse };
  mockFaults: { request: undefined; response: T.MockFaultsResponse };
  mockSetFaults: { request: T.MockFaultsRequest; response: T.MockFaultsResponse };
  mockClearFaults: { request: undefined; response: T.MockFaultsResponse };
}
