// Provider states: the vocabulary consumers and providers share. Each setup returns the ids the provider made,
// which pacts pick up through fromProviderState("${name}").

export const states = {
  /** Returns retailerId, storeId, clientId. */
  retailer: 'a retailer with a store and a POS client',
  /** Params {title, amount}. Returns offerId. */
  offer: 'an offer exists',
  /** Params {acquisition_end_date}. Returns offerId. */
  pastOffer: 'an offer whose acquisition dates have passed exists',
  /** Returns userId, externalCustomerId. */
  member: 'a member exists',
  /** Params {amount}. Returns userId, externalCustomerId, offerId, userOfferId. */
  issued: 'a member holds an issued user offer',
  /** Params {amount}. As `issued`, plus transactionId of the lock. */
  locked: 'a member holds a user offer locked by a transaction',
  /** Params {amount}. As `locked`; the transaction was sent and redeemed the user offer. */
  redeemed: 'a member holds a redeemed user offer',
  /** Returns userOfferId of a user offer whose offer is out of its dates. */
  expired: 'a member holds a user offer whose offer is out of its dates',
  /** Params {external_customer_id}. Returns externalCustomerId. */
  noMember: 'no member has the external_customer_id',
} as const;

export type StateName = (typeof states)[keyof typeof states];

/** What state setups can return: every expression a pact uses in fromProviderState. */
export interface StateValues {
  retailerId: string;
  storeId: string;
  clientId: string;
  userId?: string;
  externalCustomerId?: string;
  offerId?: string;
  userOfferId?: string;
  transactionId?: string;
}
