// One running mock's parts as its routes reach them: the store, the answers remembered for repeated POS requests,
// the fault injector; a reset back to the demo data, and the state GET /__mock/state shows.

import type { MockState } from '../schemas/generated/types.ts';
import { loadDemo } from './demo.ts';
import { FaultInjector } from './inject.ts';
import { ReplyCache } from './replies.ts';
import { MockStore } from './store.ts';

export class MockInstance {
  readonly store = new MockStore();
  readonly replies: ReplyCache;
  readonly faults = new FaultInjector(this.store);

  /** At least `responseCacheSize` recent POS answers are remembered for request_id idempotency. */
  constructor(responseCacheSize: number) {
    this.replies = new ReplyCache(responseCacheSize);
    loadDemo(this.store);
  }

  /** Back to exactly the demo data set: all other state, including remembered POS answers, is dropped. */
  reset(): void {
    this.store.clear();
    this.replies.clear();
    this.faults.forgetDropped();
    loadDemo(this.store);
  }

  state(): MockState {
    return { ...this.store.counts(), unacknowledged_redemptions: this.faults.unacknowledgedRedemptions };
  }
}
