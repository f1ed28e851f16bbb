// Applies fault draws to live requests: delays, injected errors, resets, hangs, dropped answers, stalls.
// Holds the installed plan (start option, --faults FILE, /__mock/faults), counts what it did, and keeps the books on
// redemptions whose every answer it dropped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockFaultCounts, MockFaultStatus } from '../schemas/generated/types.ts';
import { MockError } from './errors.ts';
import { FaultPlan } from './faults.ts';
import { errorReply, type Reply, type Route, send } from './http.ts';
import type { MockStore } from './store.ts';

const errorCodes = { 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR', 503: 'SERVICE_UNAVAILABLE' } as const;

/** Timers never keep a process alive on their own: the server's handle does while it is open. */
const sleep = (ms: number) =>
  ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class FaultInjector {
  private plan: FaultPlan | null = null;
  private since = 0;
  private readonly hanging = new Set<ServerResponse>();
  private counts: MockFaultCounts = { delayed: 0, errors: 0, resets: 0, hangs: 0, drops: 0, stalled: 0 };
  /** Applied send_transaction answers that a fault dropped, with the redemptions each carried. */
  private readonly dropped = new Map<Reply, number>();
  private unacknowledged = 0;

  constructor(private readonly store: MockStore) {}

  /** False on the plain path: no plan, and no dropped answer waiting for its replay. */
  get engaged(): boolean {
    return this.plan !== null || this.dropped.size > 0;
  }

  /** Redemptions whose every answer a fault dropped: applied, but the client was never told. */
  get unacknowledgedRedemptions(): number {
    return this.unacknowledged;
  }

  /** A reset: the answers it dropped are forgotten with the state they changed (the plan stays). */
  forgetDropped(): void {
    this.dropped.clear();
    this.unacknowledged = 0;
  }

  /** Checks the whole document first (MockError VALIDATION naming the field); a bad one changes nothing. */
  set(doc: unknown): void {
    this.plan = FaultPlan.parse(doc);
    this.since = Date.now();
    this.counts = { delayed: 0, errors: 0, resets: 0, hangs: 0, drops: 0, stalled: 0 };
  }

  clear(): void {
    this.plan = null;
  }

  status(): MockFaultStatus {
    return { faults: this.plan?.doc ?? null, counts: { ...this.counts }, hanging: this.hanging.size };
  }

  /**
   * Serves one API request under the plan. `answer` reads and applies it. Dropped success answers of
   * send_transaction are kept, to tell redemptions the client was told about from the others.
   */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route & { operationId: string },
    path: string,
    answer: (route: Route) => Promise<Reply>,
  ): Promise<void> {
    const plan = this.plan;
    const draw = plan?.draw(route.operationId, path);
    if (!plan || !draw) return this.deliver(res, await answer(route));
    const { action } = draw;
    if (action.kind === 'hang') {
      this.counts.hangs++;
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      req.resume();
      return;
    }
    if (draw.delayMs > 0) this.counts.delayed++;
    await sleep(draw.delayMs);
    if (action.kind === 'reset') {
      this.counts.resets++;
      req.socket.resetAndDestroy();
      return;
    }
    let reply: Reply;
    if (action.kind === 'error') {
      this.counts.errors++;
      const error = new MockError(errorCodes[action.status], `injected by fault rule ${action.rule} (mock/README.md)`);
      const retry = action.retryAfterS === undefined ? undefined : { 'Retry-After': String(action.retryAfterS) };
      reply = errorReply(error, route.pos, retry);
      req.resume();
    } else {
      let redeemed = 0;
      const store = this.store;
      // handle() is synchronous, so the difference is this request's own redemptions.
      const counted: Route = {
        ...route,
        handle(body, now) {
          const before = store.counts().redemptions;
          const result = route.handle(body, now);
          redeemed = store.counts().redemptions - before;
          return result;
        },
      };
      reply = await answer(counted);
      if (action.kind === 'drop') {
        this.counts.drops++;
        if (redeemed > 0) this.answerDropped(reply, redeemed);
        req.socket.resetAndDestroy();
        return;
      }
    }
    const stall = plan.stallMs(route.operationId, path, Date.now() - this.since);
    if (stall > 0) this.counts.stalled++;
    await sleep(stall);
    this.deliver(res, reply);
  }

  private deliver(res: ServerResponse, reply: Reply): void {
    this.answerDelivered(reply);
    send(res, reply);
  }

  private answerDropped(reply: Reply, redemptions: number): void {
    if (this.dropped.has(reply)) return;
    this.dropped.set(reply, redemptions);
    this.unacknowledged += redemptions;
  }

  /** A replay of a dropped answer reached the client: it now knows of those redemptions. */
  private answerDelivered(reply: Reply): void {
    const redemptions = this.dropped.get(reply);
    if (redemptions === undefined) return;
    this.dropped.delete(reply);
    this.unacknowledged -= redemptions;
  }
}
