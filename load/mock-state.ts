// GET /__mock/state of the mock a run targets, through the admin client, with a failure that says what the target
// is instead of a raw transport error.
import { causeHint, causeText } from '../client/causes.ts';
import { MockAdminClient } from '../client/mock-admin.ts';
import { nodeTransport } from '../client/node-transport.ts';
import { failureCause } from '../client/responses.ts';
import type { MockState } from '../schemas/generated/types.ts';

export class MockStateError extends Error {
  override name = 'MockStateError';
}

export async function mockState(url: string, timeoutMs = 10_000): Promise<MockState> {
  const where = `GET ${url}/__mock/state`;
  const transport = nodeTransport({ connections: 1, timeoutMs });
  try {
    const state = await new MockAdminClient(url, transport).state();
    if (state.ok) return state.body.payload;
    if (state.status === 0) {
      const cause = failureCause(state);
      throw new MockStateError(`${where}: ${causeText(cause)}: ${causeHint(cause)}`);
    }
    throw new MockStateError(
      `${where} answered ${state.status} without the mock's state: the target is no SessionM mock (TARGET_KIND=mock is for the embedded mock only)`,
    );
  } finally {
    await transport.close();
  }
}
