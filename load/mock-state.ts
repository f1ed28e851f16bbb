// GET /__mock/state of the mock a run targets, with a failure that says what the target is instead of a raw
// `TypeError: fetch failed`.
import { causeHint, causeText, networkCause } from '../client/causes.ts';
import type { IntegrityState } from './integrity.ts';

export class MockStateError extends Error {
  override name = 'MockStateError';
}

export async function mockState(url: string, timeoutMs = 10_000): Promise<IntegrityState> {
  const where = `GET ${url}/__mock/state`;
  let res: Response;
  try {
    res = await fetch(`${url}/__mock/state`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const inner = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = networkCause(inner?.code ?? inner?.message ?? (error as Error).message);
    throw new MockStateError(`${where}: ${causeText(cause)}: ${causeHint(cause)}`);
  }
  const body = (await res.json().catch(() => undefined)) as { payload?: IntegrityState } | undefined;
  if (typeof body?.payload?.redemptions !== 'number') {
    throw new MockStateError(
      `${where} answered ${res.status} without the mock's state: the target is no SessionM mock (TARGET_KIND=mock is for the embedded mock only)`,
    );
  }
  return body.payload;
}
