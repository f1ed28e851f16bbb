// The requests the bench sends to the mock: Lookup and Lock for one seeded member, built by the project's client;
// members through its admin client.
import { configFromEnv } from '../client/config.ts';
import { MockAdminClient } from '../client/mock-admin.ts';
import { nodeTransport } from '../client/node-transport.ts';
import { buildPosRequest } from '../client/requests.ts';
import { describeFailure } from '../client/responses.ts';
import { sampleBasket } from '../fixtures/baskets.ts';

export interface Target {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Put in place of request_id where a tool numbers its requests (the mock answers a repeated id from its cache). */
export const requestIdMarker = '__RID__';

const config = (base: string) => configFromEnv({ SESSIONM_BASE_URL: base });

function target(request: { url: string; headers: Record<string, string>; body: string }): Target {
  return { url: request.url, headers: request.headers, body: request.body };
}

export function lookupTarget(base: string, member: string, requestId: string): Target {
  return target(buildPosRequest(config(base), 'getUserOffers', { external_customer_id: member }, requestId));
}

/** Locking the same user offer again under the same transaction_id is allowed, so the body can stay fixed. */
export function lockTarget(base: string, userOfferId: string, requestId: string): Target {
  const payload = {
    offer_lookup_code: userOfferId,
    offer_lookup_type: 'userofferid' as const,
    transaction: sampleBasket('bench-transaction'),
  };
  return target(buildPosRequest(config(base), 'lockUserOffer', payload, requestId));
}

/** `users` members with `offers` issued user offers each, through the mock's admin API. */
export async function seedMembers(base: string, prefix: string, users: number, offers: number) {
  const transport = nodeTransport({ connections: 1, timeoutMs: 60_000 });
  try {
    const seeded = await new MockAdminClient(base, transport).seed({
      users,
      offers_per_user: offers,
      external_customer_id_prefix: prefix,
    });
    if (!seeded.ok) throw new Error(`POST /__mock/seed: ${describeFailure(seeded)}`);
    return seeded.body.payload.users;
  } finally {
    await transport.close();
  }
}

/** One member with three issued offers. */
export async function seedMember(base: string, prefix: string): Promise<{ member: string; userOfferId: string }> {
  const [user] = await seedMembers(base, prefix, 1, 3);
  const userOfferId = user?.user_offer_ids[0];
  if (!user || !userOfferId) throw new Error('POST /__mock/seed made no member with an offer');
  return { member: user.external_customer_id, userOfferId };
}

/** Checks a target answers 200 once, and returns the answer's size (for the bare server to match). */
export async function probe(t: Target): Promise<number> {
  const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: t.body });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200) throw new Error(`POST ${t.url} → ${res.status}`);
  return bytes;
}
