// The embedded mock's admin API (no auth), for state setups that the public API cannot do.
import { request } from 'undici';

export async function adminPost<T>(baseUrl: string, path: string, body: unknown = {}): Promise<T> {
  const res = await request(`${baseUrl}/__mock/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    headersTimeout: 5_000,
    bodyTimeout: 5_000,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`mock admin ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Issues an offer bypassing its dates: the one way to hold a user offer whose offer has ended. */
export async function issueIgnoringDates(baseUrl: string, userId: string, offerId: string): Promise<string> {
  const answer = await adminPost<{ payload: { user_offer_id: string } }>(baseUrl, 'user_offers', {
    user_id: userId,
    offer_id: offerId,
  });
  return answer.payload.user_offer_id;
}
