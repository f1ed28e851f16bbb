// The Workflow section: the seed's offer workflow end to end through the typed client, each step timed and every
// answer held to its schema, then the provider's state checked: create → fetch → issue → lookup → lock → redeem →
// history shows the offer redeemed and it is gone from the wallet; a second transaction carrying it redeems nothing.

import type { SessionMClient } from '../../client/client.ts';
import { type ApiResult, describeFailure } from '../../client/responses.ts';
import { responseFindings } from '../../contracts/provider/schema-check.ts';
import type { Member } from '../../contracts/provider/world.ts';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { fixedAmountOffer } from '../../fixtures/offers.ts';
import type { WorkflowSection, WorkflowStep } from '../../reporting/acceptance/types.ts';
import { loadOperations } from '../../schemas/catalog.ts';
import type { OperationId, OperationTypes } from '../../schemas/generated/operations.ts';
import type { UserOfferHistoryItem } from '../../schemas/generated/types.ts';

/** Requests the section sends when every step passes (history read in one page). */
export const workflowRequests = 13;

/** The member cannot be used: a fixture to fix, not a finding about the provider. */
class NotRun extends Error {}
class StepFailed extends Error {}

const operations = loadOperations();
const sameId = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
/** The seed shows "Issued"; that a redeemed entry's status_description names the redemption is our reading. */
const isRedeemed = (entry: UserOfferHistoryItem) => /redeem/i.test(entry.status_description ?? '');

type Body<Op extends OperationId> = OperationTypes[Op]['response'];

export interface WorkflowRun {
  section: WorkflowSection;
  /** What it made on the provider. */
  created: { offerId?: string; userOfferId?: string; transactions: string[] };
}

export async function runWorkflow(client: SessionMClient, member: Member, runId: string): Promise<WorkflowRun> {
  const started = performance.now();
  const steps: WorkflowStep[] = [];
  const created: WorkflowRun['created'] = { transactions: [] };

  /** A state check's own request: its failure is the step's. */
  async function read<Op extends OperationId>(result: Promise<ApiResult<Op>>): Promise<Body<Op>> {
    const answer = await result;
    if (!answer.ok) throw new StepFailed(`checking the state: ${describeFailure(answer)}`);
    return answer.body;
  }

  /**
   * Sends one step, timed; holds the answer to its schema (a documented part broken fails it, an assumed one is
   * noted), then runs the state check, whose message is the failure.
   */
  async function step<Op extends OperationId>(
    name: string,
    check: string,
    send: () => Promise<ApiResult<Op>>,
    verify: (answer: ApiResult<Op>, s: WorkflowStep) => Promise<string | undefined> | string | undefined,
  ): Promise<ApiResult<Op>> {
    const t0 = performance.now();
    const answer = await send();
    const s: WorkflowStep = {
      name,
      operationId: answer.operationId,
      ms: performance.now() - t0,
      ok: false,
      check,
      differences: [],
    };
    steps.push(s);
    const fail = (failure: string) => {
      s.failure = failure;
      return new StepFailed(`${name}: ${failure}`);
    };
    if (!answer.ok && (answer.status === 0 || answer.status >= 500)) throw fail(describeFailure(answer));
    const op = operations.find((o) => o.operationId === answer.operationId);
    const body = answer.ok ? answer.body : answer.error;
    const findings = op && body !== undefined ? responseFindings(op, answer.status, body) : [];
    const documented = findings.filter((f) => !f.assumption);
    if (documented.length) throw fail(documented.map((f) => f.text).join('; '));
    for (const f of findings) {
      if (f.assumption) s.differences.push(`differs from our assumption: ${f.assumption.name}: ${f.text}`);
    }
    let problem: string | undefined;
    try {
      problem = await verify(answer, s);
    } catch (error) {
      if (error instanceof StepFailed) throw fail(error.message);
      if (error instanceof NotRun) s.failure = error.message;
      throw error;
    }
    if (problem) throw fail(problem);
    s.ok = true;
    return answer;
  }

  const ok = <Op extends OperationId>(answer: ApiResult<Op>): Body<Op> => {
    if (!answer.ok) throw new StepFailed(describeFailure(answer));
    return answer.body;
  };

  const take = 1000;
  const history = () => client.getUserOfferHistory([member.userId], { skip: 0, take });

  /** The member's history entries for one user offer, from the first page on (at most 10 pages). */
  async function historyOf(userOfferId: string, first?: Body<'getUserOfferHistory'>): Promise<UserOfferHistoryItem[]> {
    const found: UserOfferHistoryItem[] = [];
    let page = first ?? (await read(history()));
    for (let skip = 0, n = 1; ; n++) {
      found.push(...page.payload.results.filter((r) => sameId(r.user_offer_id, userOfferId)));
      skip += take;
      if (n >= 10 || page.payload.results.length < take || skip >= page.payload.total_records) return found;
      page = await read(client.getUserOfferHistory([member.userId], { skip, take }));
    }
  }

  const walletOffers = async () =>
    (await read(client.getUserOffers({ external_customer_id: member.externalCustomerId }))).payload[0]?.offers ?? [];

  const title = `Acceptance ${runId}`;
  try {
    await step(
      'find the member',
      `the Lookup of ${member.externalCustomerId} is the fixtures' member ${member.userId}`,
      () => client.getUserOffers({ external_customer_id: member.externalCustomerId }),
      (answer) => {
        if (!answer.ok && answer.status === 404) {
          throw new NotRun(
            `the fixtures' member ${member.externalCustomerId} is unknown to the provider (Lookup → ${describeFailure(answer)}): set member in the fixtures to an existing test member`,
          );
        }
        const found = ok(answer).payload[0]?.user_reference_id;
        if (!sameId(found, member.userId)) {
          throw new NotRun(
            `the fixtures give member ${member.externalCustomerId} the user_id ${member.userId}, the provider ${found ?? 'none'}: fix member.user_id in the fixtures`,
          );
        }
        return undefined;
      },
    );

    const createdOffer = ok(
      await step(
        'create an offer',
        'the answer carries the new offer_id',
        () => client.createOffer(fixedAmountOffer(1, { title, description: 'Created by npm run accept' })),
        (answer) => (ok(answer).payload.offer_id ? undefined : 'no offer_id in the answer'),
      ),
    );
    const offerId = createdOffer.payload.offer_id;
    created.offerId = offerId;

    await step(
      'fetch it',
      'the offer fetched is the one created: its id and title',
      () => client.fetchOffer(offerId, 'en-us'),
      (answer) => {
        const offer = ok(answer).payload.offer;
        if (!sameId(offer.id, offerId)) return `payload.offer.id is ${offer.id}, not the offer created (${offerId})`;
        if (offer.title !== title) return `payload.offer.title is ${JSON.stringify(offer.title)}, not "${title}"`;
        return undefined;
      },
    );

    const issued = ok(
      await step(
        'issue it to the member',
        "the member's history lists the user offer, of this offer, not redeemed",
        () => client.issueUserOffer(member.userId, offerId),
        async (answer) => {
          const entries = await historyOf(ok(answer).payload.user_offer_id);
          const entry = entries[0];
          if (!entry)
            return `the history of ${member.userId} does not list user offer ${ok(answer).payload.user_offer_id}`;
          if (!sameId(entry.offer_id, offerId))
            return `the history lists it for offer ${entry.offer_id}, not ${offerId}`;
          if (isRedeemed(entry)) return `the history shows it "${entry.status_description}" before any redeem`;
          return undefined;
        },
      ),
    );
    const userOfferId = issued.payload.user_offer_id;
    created.userOfferId = userOfferId;

    await step(
      'look it up at the till',
      'the wallet holds the user offer as INFO',
      () => client.getUserOffers({ external_customer_id: member.externalCustomerId }),
      (answer) => {
        const held = ok(answer).payload[0]?.offers.find((o) => sameId(o.reference_id, userOfferId));
        if (!held) return `the wallet of ${member.externalCustomerId} does not hold user offer ${userOfferId}`;
        return held.status === 'INFO' ? undefined : `the wallet shows it ${held.status}, not INFO`;
      },
    );

    const transactionId = `accept-${runId}-1`;
    const basket = sampleBasket(transactionId);
    const locked = ok(
      await step(
        'lock it against a basket',
        "the answer is the user offer's discount, LOCKED, on the basket's lines",
        () => client.lockUserOffer(userOfferId, basket),
        (answer) => {
          const discount = ok(answer).payload;
          if (!sameId(discount.reference_id, userOfferId)) {
            return `payload.reference_id is ${discount.reference_id}, not the user offer locked (${userOfferId})`;
          }
          const lines = new Set(basket.items.map((i) => i.line_id));
          const stray = discount.discounted_line_ids.filter((id) => !lines.has(id));
          return stray.length
            ? `payload.discounted_line_ids names lines the basket lacks: ${stray.join(', ')}`
            : undefined;
        },
      ),
    );

    await step(
      'redeem it',
      'the wallet no longer holds the user offer',
      () => client.sendTransaction(closingTransaction(basket, [locked.payload])),
      async (answer) => {
        ok(answer);
        created.transactions.push(transactionId);
        const still = (await walletOffers()).find((o) => sameId(o.reference_id, userOfferId));
        return still
          ? `the wallet still holds user offer ${userOfferId} (${still.status}) after its redeem`
          : undefined;
      },
    );

    await step(
      'history shows it redeemed',
      'the history lists the user offer once, redeemed',
      history,
      async (answer) => {
        const entries = await historyOf(userOfferId, ok(answer));
        if (entries.length !== 1) return `the history lists user offer ${userOfferId} ${entries.length} times`;
        const [entry] = entries as [UserOfferHistoryItem];
        return isRedeemed(entry) ? undefined : `the history shows it "${entry.status_description}", not redeemed`;
      },
    );

    const secondId = `accept-${runId}-2`;
    await step(
      'a second transaction carrying it',
      'a redeemed user offer is consumed: a second transaction carrying its discount does not redeem it again (history lists it redeemed once, the wallet does not hold it)',
      () => client.sendTransaction(closingTransaction(sampleBasket(secondId), [locked.payload])),
      async (answer, s) => {
        if (answer.ok) {
          created.transactions.push(secondId);
          s.differences.push(
            `differs from our assumption: redeem of an already redeemed user offer: expected 409 ALREADY_REDEEMED, got ${answer.status}`,
          );
        }
        const entries = await historyOf(userOfferId);
        const redeemed = entries.filter(isRedeemed).length;
        if (entries.length !== 1 || redeemed !== 1) {
          return `after a second transaction carrying its discount was answered ${answer.status}, the history lists user offer ${userOfferId} ${entries.length} times, ${redeemed} redeemed: a redeemed user offer was redeemed again`;
        }
        const back = (await walletOffers()).find((o) => sameId(o.reference_id, userOfferId));
        return back
          ? `user offer ${userOfferId} is back in the wallet (${back.status}) after a second transaction`
          : undefined;
      },
    );
  } catch (error) {
    const durationMs = performance.now() - started;
    if (error instanceof NotRun) {
      return {
        section: { ...common(steps, durationMs), status: 'not-run', headline: 'could not run', reason: error.message },
        created,
      };
    }
    if (!(error instanceof StepFailed)) throw error;
    return {
      section: { ...common(steps, durationMs), status: 'failed', headline: error.message, failures: [error.message] },
      created,
    };
  }
  const slowest = steps.reduce((a, b) => ((b.ms ?? 0) > (a.ms ?? 0) ? b : a));
  return {
    section: {
      ...common(steps, performance.now() - started),
      status: 'passed',
      headline: `${steps.length} steps held, the state checked after each; the slowest: ${slowest.name}, ${(slowest.ms ?? 0).toFixed(0)} ms`,
    },
    created,
  };
}

function common(steps: WorkflowStep[], durationMs: number): Omit<WorkflowSection, 'status' | 'headline'> {
  return {
    name: 'workflow',
    steps,
    failures: [],
    notes: steps.flatMap((s) => s.differences.map((d) => `${s.name}: ${d}`)),
    durationMs,
  };
}
