// The admin API under /__mock/: no auth, JSON, bodies checked by their schemas like every API request.
import type { MockSeedRequest, MockUserOfferRequest, MockUserRequest } from '../schemas/generated/types.ts';
import type { MockInstance } from './instance.ts';

interface AdminRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Schema file of the body; routes without one read no body. */
  requestSchema?: string;
  run(body: unknown): unknown;
}

export function adminRoutes(mock: MockInstance): AdminRoute[] {
  const { store, faults } = mock;
  return [
    {
      method: 'POST',
      path: '/__mock/reset',
      run: () => {
        mock.reset();
        return { status: 'ok' };
      },
    },
    {
      method: 'POST',
      path: '/__mock/users',
      requestSchema: 'mock-user.request.json',
      run: (body) => ({ status: 'ok', payload: { user_id: store.addUser(body as MockUserRequest).id } }),
    },
    {
      method: 'POST',
      path: '/__mock/seed',
      requestSchema: 'mock-seed.request.json',
      run: (body) => {
        const { offer, users } = store.seed(body as MockSeedRequest);
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
    },
    {
      method: 'POST',
      path: '/__mock/user_offers',
      requestSchema: 'mock-user-offer.request.json',
      run: (body) => {
        const { user_id, offer_id } = body as MockUserOfferRequest;
        return { status: 'ok', payload: { user_offer_id: store.issue(user_id, offer_id, { anyDates: true }).id } };
      },
    },
    { method: 'GET', path: '/__mock/state', run: () => ({ status: 'ok', payload: mock.state() }) },
    { method: 'GET', path: '/__mock/faults', run: () => ({ status: 'ok', payload: faults.status() }) },
    {
      method: 'POST',
      path: '/__mock/faults',
      requestSchema: 'mock-faults.request.json',
      run: (body) => {
        faults.set(body);
        return { status: 'ok', payload: faults.status() };
      },
    },
    {
      method: 'DELETE',
      path: '/__mock/faults',
      run: () => {
        faults.clear();
        return { status: 'ok', payload: faults.status() };
      },
    },
  ];
}
