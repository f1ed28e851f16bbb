// The embedded mock as a provider: reset before every interaction, members and expired user offers through
// its admin API (/__mock/*).
import { adminPost, issueIgnoringDates } from './admin.ts';
import type { Member, ProviderWorld } from './world.ts';

export function mockWorld(mockUrl: string): ProviderWorld {
  let member: Promise<Member> | undefined;
  return {
    async beforeEach() {
      await adminPost(mockUrl, 'reset');
      member = undefined;
    },
    // One fixed id: if a reset were skipped, the second interaction would fail on USER_EXISTS.
    member() {
      member ??= adminPost<{ payload: { user_id: string } }>(mockUrl, 'users', {
        external_customer_id: 'pact-member',
        first_name: 'Pact',
        last_name: 'Member',
        points: 10,
      }).then((answer) => ({ userId: answer.payload.user_id, externalCustomerId: 'pact-member' }));
      return member;
    },
    async expiredUserOffer(owner, pastOffer) {
      return issueIgnoringDates(mockUrl, owner.userId, await pastOffer());
    },
  };
}
