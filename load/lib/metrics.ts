// Custom metrics of the redemption flow; one prefix so they sort together in the summary.
import { Counter, Rate, Trend } from 'k6/metrics';

export const flowDuration = new Trend('redemption_flow_duration', true);
export const flowRedeemed = new Rate('redemption_flow_redeemed');
export const lockConflicts = new Counter('redemption_lock_conflicts');
export const redeemRejected = new Counter('redemption_redeem_rejected');
export const offerMissing = new Counter('redemption_offer_missing');
/** Redeems that failed on the wire but that the target applied (unlock then finds them redeemed). */
export const redeemedUnanswered = new Counter('redemption_redeemed_unanswered');

/** Failed checks by `code`, their cause: HTTP_<status>_<CODE>, HTTP_<status>, NON_JSON, SCHEMA, RESET, TIMEOUT… */
export const errorsByCode = new Counter('redemption_errors');

// Test data (load/README.md "Test data"): every per-flow offer issued is redeemed, failed or left over.
/** Per iteration: did the offer issued for this flow arrive? Its passes are the per-flow offers issued. */
export const offerIssued = new Rate('redemption_offer_issued');
/** Background offers issued in set-up: never locked, they give Lookup a real wallet's size. */
export const backgroundOffers = new Counter('redemption_background_offers');
/** INFO offers in the wallet at Lookup, the flow's own included: at most WALLET_SIZE. */
export const walletOffers = new Trend('redemption_wallet_offers');
/** Characters of each hot-path Lookup answer body (bytes, for ASCII JSON). */
export const lookupBytes = new Trend('redemption_lookup_bytes');
