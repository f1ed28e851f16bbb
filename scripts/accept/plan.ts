// What an acceptance run will send and create, per section, worked out before anything is sent; and, from the same
// numbers, what it did create. Pure, so every count is tested.
import type { PactInteraction } from '../../contracts/consistency.ts';
import { expectationFor } from '../../contracts/expectations.ts';
import type { Fixtures } from '../../contracts/provider/fixtures.ts';
import type { InteractionResult } from '../../contracts/provider/results.ts';
import { type StateName, states } from '../../contracts/states.ts';
import { backgroundPerMember, membersNeeded, setupPlan } from '../../load/lib/plan.ts';
import { expectedIterations, type ProfileSettings } from '../../load/lib/profiles.ts';
import type { PlanLine } from '../../reporting/acceptance/types.ts';
import { workflowRequests } from './workflow.ts';

interface Made {
  requests: number;
  offers: number;
  userOffers: number;
}

const none: Made = { requests: 0, offers: 0, userOffers: 0 };
const add = (a: Made, b: Made): Made => ({
  requests: a.requests + b.requests,
  offers: a.offers + b.offers,
  userOffers: a.userOffers + b.userOffers,
});

/** What each state's setup sends and makes (contracts/provider/handlers.ts); the member comes from the fixtures. */
function stateCost(name: string, fixtures: Fixtures): Made {
  const costs: Record<StateName, Made> = {
    [states.retailer]: none,
    [states.member]: none,
    [states.noMember]: none,
    [states.offer]: { requests: 1, offers: 1, userOffers: 0 },
    [states.pastOffer]: { requests: 1, offers: 1, userOffers: 0 },
    [states.issued]: { requests: 2, offers: 1, userOffers: 1 },
    [states.locked]: { requests: 3, offers: 1, userOffers: 1 },
    [states.redeemed]: { requests: 4, offers: 1, userOffers: 1 },
    // A fixture's expired user offer costs nothing; the mock's admin API makes one from an ended offer.
    [states.expired]:
      fixtures.expiredUserOfferId || !fixtures.mockAdmin ? none : { requests: 2, offers: 1, userOffers: 1 },
  };
  return costs[name as StateName] ?? none;
}

/** The interaction's own request, and what it makes when the provider says yes. */
function ownCost(description: string): Made {
  const operationId = expectationFor(description)?.operationId;
  return {
    requests: 1,
    offers: operationId === 'createOffer' ? 1 : 0,
    userOffers: operationId === 'issueUserOffer' ? 1 : 0,
  };
}

/** Every interaction at most: each state set up, each request answered yes. */
export function contractsCost(interactions: PactInteraction[], fixtures: Fixtures): Made {
  return interactions.reduce(
    (sum, i) =>
      add(
        sum,
        (i.providerStates ?? []).reduce((s, state) => add(s, stateCost(state.name, fixtures)), ownCost(i.description)),
      ),
    none,
  );
}

/** What verification made: the states of every interaction that ran, and what a request answered yes made. */
export function contractsMade(results: InteractionResult[], fixtures: Fixtures): Made {
  return results
    .filter((r) => r.outcome !== 'not-run' && !r.failures.some((f) => f.startsWith('provider state setup failed')))
    .reduce((sum, r) => {
      const own = ownCost(r.description);
      const said = r.answer && r.answer.status >= 200 && r.answer.status < 300;
      const made = said ? own : { ...none, requests: 1 };
      return add(
        sum,
        r.states.reduce((s, state) => add(s, stateCost(state, fixtures)), made),
      );
    }, none);
}

export interface LoadPlan {
  settings: ProfileSettings;
  flowP99Ms: number;
  walletSize: number;
  /** Members the run uses: those of --members, or those seeded through a mock's admin API. */
  members: number;
  seeded: boolean;
}

/** The members a rate needs, so that no member has two flows in flight (load/README.md "Test data"). */
export const loadMembersNeeded = (p: Pick<LoadPlan, 'settings' | 'flowP99Ms'>) =>
  membersNeeded(p.settings.rate, p.flowP99Ms);

export function loadCost(p: LoadPlan) {
  const flows = expectedIterations(p.settings);
  const setup = setupPlan(p.members, p.walletSize);
  // Set-up: the run's offer, a Lookup and the background issues per member. Per flow: its issue and the hot path.
  // Teardown: a Lookup per member. Integrity: a Lookup and a history per member, before and after.
  const requests =
    (p.seeded ? 1 : 0) + 1 + setup.lookups + setup.backgroundOffers + flows * 4 + p.members + 4 * p.members;
  return {
    flows,
    requests,
    offers: 1,
    userOffers: setup.backgroundOffers + flows,
    peakRequestsPerS: p.settings.rate * 4,
  };
}

export interface PlanInput {
  interactions: PactInteraction[];
  fixtures: Fixtures;
  load: LoadPlan | { notRun: string };
  negative: { cases: number; rate: number; operations: string[] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function acceptancePlan(input: PlanInput): PlanLine[] {
  const contracts = contractsCost(input.interactions, input.fixtures);
  const lines: PlanLine[] = [
    {
      section: 'contracts',
      requests: contracts.requests,
      rate: 'one at a time',
      creates: `up to ${plural(contracts.offers, 'offer')}, ${plural(contracts.userOffers, 'user offer')}`,
      detail: `${plural(input.interactions.length, 'interaction')} of both pacts, state set-up included`,
    },
    {
      section: 'workflow',
      requests: workflowRequests,
      rate: 'one at a time',
      creates: '1 offer, 1 user offer (redeemed), 2 transactions',
      detail: 'create → fetch → issue → lookup → lock → redeem → history, a second redeem; state checked after each',
    },
  ];
  if ('notRun' in input.load) {
    lines.push({
      section: 'load',
      requests: 0,
      rate: '—',
      creates: 'nothing',
      detail: `not run: ${input.load.notRun}`,
    });
  } else {
    const p = input.load;
    const cost = loadCost(p);
    const who = p.seeded
      ? `${plural(p.members, 'member')} made through the mock's admin API`
      : `${plural(p.members, 'member')} from --members (${loadMembersNeeded(p)} needed)`;
    lines.push({
      section: 'load',
      requests: cost.requests,
      rate: `${p.settings.rate} flows/s = ${cost.peakRequestsPerS} requests/s at peak`,
      creates: `1 offer, up to ${plural(cost.userOffers, 'user offer')} (${plural(backgroundPerMember(p.walletSize) * p.members, 'background offer')}), ${plural(cost.flows, 'transaction')}`,
      detail: `${cost.flows} redemption flows over ${p.settings.durationS}s; ${who}`,
    });
  }
  const n = input.negative;
  lines.push({
    section: 'negative',
    requests: n.cases + 4,
    rate: `${n.rate} requests/s`,
    creates: 'nothing (read-only operations)',
    detail: `${plural(n.cases, 'malformed request')} to ${n.operations.join(', ')}`,
  });
  return lines;
}
