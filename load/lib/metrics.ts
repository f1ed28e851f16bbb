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
