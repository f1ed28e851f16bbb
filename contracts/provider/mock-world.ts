// The embedded mock as a provider: reset before every interaction, members and expired user offers through
// its admin API (/__mock/*).
import type { MockAdminClient } from '../../client/mock-admin.ts';
import { expectOk, type Member, type ProviderWorld } from './world.ts';

export function mockWorld(admin: MockAdminClient): ProviderWorld {
  let member: Promise<Member> | undefined;
  return {
    async beforeEach() {
      expectOk(await admin.reset());
      member = undefined;
    },
    // One fixed id: if a reset were skipped, the second interaction would fail on USER_EXISTS.
    member() {
      member ??= admin
        .addUser({ external_customer_id: 'pact-member', first_name: 'Pact', last_name: 'Member', points: 10 })
        .then((answer) => ({ userId: expectOk(answer).payload.user_id, externalCustomerId: 'pact-member' }));
      return member;
    },
    async expiredUserOffer(owner, pastOffer) {
      return expectOk(await admin.issueIgnoringDates(owner.userId, await pastOffer())).payload.user_offer_id;
    },
  };
}
