// Custom metrics of the redemption flow, named in names.ts.
import { Counter, Rate, Trend } from 'k6/metrics';
import { metric } from './names.ts';

export const flowDuration = new Trend(metric.flowDuration, true);
export const flowRedeemed = new Rate(metric.flowRedeemed);
export const lockConflicts = new Counter(metric.lockConflicts);
export const redeemRejected = new Counter(metric.redeemRejected);
export const offerMissing = new Counter(metric.offerMissing);
/** Redeems that failed on the wire but that the target applied (unlock then finds them redeemed). */
export const redeemedUnanswered = new Counter(metric.redeemedUnanswered);

/** Failed checks by `code`, their cause: HTTP_<status>_<CODE>, HTTP_<status>, NON_JSON, SCHEMA, RESET, TIMEOUT… */
export const errorsByCode = new Counter(metric.errors);

// Test data (load/README.md "Test data"): every per-flow offer issued is redeemed, failed or left over.
/** Per iteration: did the offer issued for this flow arrive? Its passes are the per-flow offers issued. */
export const offerIssued = new Rate(metric.offerIssued);
/** Background offers issued in set-up: never locked, they give Lookup a real wallet's size. */
export const backgroundOffers = new Counter(metric.backgroundOffers);
/** INFO offers in the wallet at Lookup, the flow's own included: at most WALLET_SIZE. */
export const walletOffers = new Trend(metric.walletOffers);
/** Characters of each hot-path Lookup answer body (bytes, for ASCII JSON). */
export const lookupBytes = new Trend(metric.lookupBytes);
