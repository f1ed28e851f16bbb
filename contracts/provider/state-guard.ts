// pact-js answers 200 when a state handler throws, so an interaction could pass on example ids. The guard
// records the failure and answers the interaction's request itself with a 500, so the verifier fails it. It also
// numbers each interaction's request, so the conformance proxy's record of it can be matched to its result.
import type { VerifierOptions } from '@pact-foundation/pact';
import { interactionHeader } from './conformance.ts';
import type { RequestFilter } from './request-filter.ts';
import { StateUnavailableError } from './world.ts';

type Setup = (params?: unknown) => Promise<unknown>;

/** The path pact-js's proxy serves state changes on (Verifier.stateSetupPath). */
const stateSetupPath = '/_pactSetup';

/** What went wrong setting up an interaction's states: a failure, or a state this provider cannot be put in. */
export interface StateOutcome {
  failure?: string;
  unavailable?: string;
}

export function guardStates(handlers: Record<string, Setup>, filter: RequestFilter) {
  let pending: StateOutcome = {};
  /** One entry per interaction request, in order. */
  const outcomes: StateOutcome[] = [];

  const join = (a: string | undefined, b: string) => (a ? `${a}; ${b}` : b);
  const record = (message: string, unavailable: boolean) => {
    if (unavailable) pending.unavailable = join(pending.unavailable, message);
    else pending.failure = join(pending.failure, message);
  };

  const guarded: Record<string, Setup> = {};
  for (const [state, setup] of Object.entries(handlers)) {
    guarded[state] = async (params) => {
      try {
        return await setup(params);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        record(`"${state}": ${message}`, error instanceof StateUnavailableError);
        return undefined;
      }
    };
  }

  const requestFilter: RequestFilter = (req, res, next) => {
    if (req.path === stateSetupPath) {
      const change = req.body as { state?: string; action?: string } | undefined;
      if (change?.action === 'setup' && change.state && !(change.state in handlers)) {
        record(`no state handler for "${change.state}"`, false);
      }
      return filter(req, res, next);
    }
    const outcome = pending;
    pending = {};
    outcomes.push(outcome);
    if (outcome.failure || outcome.unavailable) {
      const message = outcome.failure ?? outcome.unavailable;
      res.status(500).json({ status: 'error', errors: { code: 'STATE_SETUP_FAILED', message } });
      return;
    }
    req.headers[interactionHeader] = String(outcomes.length - 1);
    filter(req, res, next);
  };

  return { stateHandlers: guarded as NonNullable<VerifierOptions['stateHandlers']>, requestFilter, outcomes };
}
