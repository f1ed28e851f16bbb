// What state setups need from a provider beyond its public API: the embedded mock has an admin API,
// a live SessionM has fixtures (an existing test member, an expired user offer).
import { type CallResult, describeFailure } from '../../client/responses.ts';

/**
 * A state this provider cannot be put in (a live SessionM without the fixture it needs): its interaction is reported
 * as not run, neither passed nor failed.
 */
export class StateUnavailableError extends Error {
  override name = 'StateUnavailableError';
}

export interface Member {
  userId: string;
  externalCustomerId: string;
}

export interface ProviderWorld {
  /** Runs before each interaction's states: the mock resets, a live provider keeps its data. */
  beforeEach(): Promise<void>;
  member(): Promise<Member>;
  /** A user offer of the member whose offer is out of its dates; `pastOffer` creates an ended offer. */
  expiredUserOffer(member: Member, pastOffer: () => Promise<string>): Promise<string>;
}

/** The body of a successful call (the API's or the mock admin API's), or an error naming the operation, status and code. */
export function expectOk<R extends CallResult<string, unknown>>(result: R): Extract<R, { ok: true }>['body'] {
  if (!result.ok) throw new Error(`state setup: ${describeFailure(result)}`);
  return result.body;
}
