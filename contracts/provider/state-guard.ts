// pact-js answers 200 when a state handler throws, so an interaction could pass on example ids. The guard
// records the failure and answers the interaction's request itself with a 500, so the verifier fails it.
import type { VerifierOptions } from '@pact-foundation/pact';
import type { RequestFilter } from './request-filter.ts';

type Setup = (params?: unknown) => Promise<unknown>;

/** The path pact-js's proxy serves state changes on (Verifier.stateSetupPath). */
const stateSetupPath = '/_pactSetup';

export function guardStates(handlers: Record<string, Setup>, filter: RequestFilter) {
  let pending: string | undefined;
  /** One entry per interaction request, in order: the state failure that preceded it, if any. */
  const stateFailures: (string | undefined)[] = [];

  const record = (message: string) => {
    pending = pending ? `${pending}; ${message}` : message;
  };

  const guarded: Record<string, Setup> = {};
  for (const [state, setup] of Object.entries(handlers)) {
    guarded[state] = async (params) => {
      try {
        return await setup(params);
      } catch (error) {
        record(`"${state}": ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    };
  }

  const requestFilter: RequestFilter = (req, res, next) => {
    if (req.path === stateSetupPath) {
      const change = req.body as { state?: string; action?: string } | undefined;
      if (change?.action === 'setup' && change.state && !(change.state in handlers)) {
        record(`no state handler for "${change.state}"`);
      }
      return filter(req, res, next);
    }
    const failure = pending;
    pending = undefined;
    stateFailures.push(failure);
    if (failure) {
      res.status(500).json({ status: 'error', errors: { code: 'STATE_SETUP_FAILED', message: failure } });
      return;
    }
    filter(req, res, next);
  };

  return { stateHandlers: guarded as NonNullable<VerifierOptions['stateHandlers']>, requestFilter, stateFailures };
}
