// The admin API under /__mock/ (schemas/mock-admin.ts): no auth, JSON, bodies checked by their schemas like every
// API request, each answer typed by its response schema.
import { type AdminOperationId, type AdminTypes, adminOperations } from '../schemas/mock-admin.ts';
import type { MockInstance } from './instance.ts';

interface AdminRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Schema file of the body; routes without one read no body. */
  requestSchema?: string;
  run(body: unknown): unknown;
}

type AdminHandlers = { [Op in AdminOperationId]: (body: AdminTypes[Op]['request']) => AdminTypes[Op]['response'] };

function handlers(mock: MockInstance): AdminHandlers {
  const { store, faults } = mock;
  return {
    mockReset: () => {
      mock.reset();
      return { status: 'ok' };
    },
    mockAddUser: (body) => ({ status: 'ok', payload: { user_id: store.addUser(body).id } }),
    mockSeed: (body) => {
      const { offer, users } = store.seed(body);
      return {
        status: 'ok',
        payload: {
          offer_id: offer.id,
          users: users.map((user) => ({
            user_id: user.id,
            external_customer_id: user.externalCustomerId,
            user_offer_ids: user.userOffers.map((uo) => uo.id),
          })),
        },
      };
    },
    mockIssueUserOffer: ({ user_id, offer_id }) => ({
      status: 'ok',
      payload: { user_offer_id: store.issue(user_id, offer_id, { anyDates: true }).id },
    }),
    mockState: () => ({ status: 'ok', payload: mock.state() }),
    mockFaults: () => ({ status: 'ok', payload: faults.status() }),
    mockSetFaults: (body) => {
      faults.set(body);
      return { status: 'ok', payload: faults.status() };
    },
    mockClearFaults: () => {
      faults.clear();
      return { status: 'ok', payload: faults.status() };
    },
  };
}

/** In the table's order, which is the order `Allow` lists a path's methods in. */
export function adminRoutes(mock: MockInstance): AdminRoute[] {
  const run = handlers(mock) as Record<AdminOperationId, (body: unknown) => unknown>;
  return Object.entries(adminOperations).map(([id, op]) => ({
    method: op.method,
    path: op.path,
    ...('requestSchema' in op ? { requestSchema: op.requestSchema } : {}),
    run: run[id as AdminOperationId],
  }));
}
