// The mock's state: offers, members and their user offers, with the indexes every request path needs,
// and the rules of the workflow. Every method checks everything before it changes anything.
import { randomUUID } from 'node:crypto';
import { seedOfferRequest } from '../fixtures/demo.ts';
import type {
  CreateOfferRequest,
  MockSeedRequest,
  MockState,
  MockUserRequest,
  OfferText,
  SendTransactionPayload,
  Transaction,
} from '../schemas/generated/types.ts';
import { addPeriod, isoTime, parseLocal } from './dates.ts';
import { type DiscountRule, discountFor, ruleFrom } from './discounts.ts';
import { invalid, MockError } from './errors.ts';

export interface OfferRecord {
  id: string;
  retailerId: string;
  offerType: string;
  published: boolean;
  start: number;
  end: number;
  texts: Required<Pick<OfferText, 'id' | 'culture' | 'title' | 'description' | 'terms'>>[];
  rule: DiscountRule;
  validityPeriod: number | undefined;
  validityUnit: 'days' | 'weeks' | 'months' | 'years' | undefined;
  rewardStore: boolean;
  customData: string | undefined;
  validAfterEndDate: boolean;
}

export interface UserRecord {
  id: string;
  externalCustomerId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  points: number;
  userPointAccountId: string;
  /** In issue order; redeemed ones stay for the history. */
  userOffers: UserOfferRecord[];
  /** The unredeemed ones, in issue order: Lookup reads these, so its cost does not grow with the history. */
  unredeemed: UserOfferRecord[];
}

export interface LockRecord {
  transactionId: string;
  amount: number;
  lineIds: string[];
  appliedAt: number;
  stackOrder: number;
}

export interface UserOfferRecord {
  id: string;
  sequence: number;
  user: UserRecord;
  offer: OfferRecord;
  acquiredAt: number;
  lock: LockRecord | null;
  redeemedAt: number | null;
}

/** GET /__mock/state but the redemptions whose answers a fault dropped, which mock/inject.ts counts. */
export type StoreCounts = Omit<MockState, 'unacknowledged_redemptions'>;

const key = (id: string) => id.toLowerCase();
const isTrue = (value: boolean | string | undefined) => value === true || value === 'true';

const isEligible = (offer: OfferRecord, now: number) => offer.published && offer.start <= now && now <= offer.end;

export class MockStore {
  private readonly offers = new Map<string, OfferRecord>();
  private readonly users = new Map<string, UserRecord>();
  private readonly usersByExternalId = new Map<string, UserRecord>();
  private readonly usersByEmail = new Map<string, UserRecord>();
  private readonly usersByPhone = new Map<string, UserRecord>();
  private readonly userOffers = new Map<string, UserOfferRecord>();
  private readonly locksByTransaction = new Map<string, Set<UserOfferRecord>>();
  private readonly transactions = new Set<string>();
  private readonly seedOffers = new Map<number, OfferRecord>();
  private readonly byStatus = { issued: 0, locked: 0, redeemed: 0 };
  private sequence = 0;

  clear(): void {
    for (const map of [this.offers, this.users, this.usersByExternalId, this.usersByEmail, this.usersByPhone]) {
      map.clear();
    }
    this.userOffers.clear();
    this.locksByTransaction.clear();
    this.transactions.clear();
    this.seedOffers.clear();
    Object.assign(this.byStatus, { issued: 0, locked: 0, redeemed: 0 });
    this.sequence = 0;
  }

  counts(): StoreCounts {
    return {
      offers: this.offers.size,
      users: this.users.size,
      user_offers: { ...this.byStatus },
      locks: this.byStatus.locked,
      redemptions: this.byStatus.redeemed,
      transactions: this.transactions.size,
    };
  }

  // Offers

  createOffer(request: CreateOfferRequest, ids: { offerId?: string; textIds?: string[] } = {}): OfferRecord {
    const common = request.common_config;
    const start = parseLocal(common.acquisition_start_date);
    const end = parseLocal(common.acquisition_end_date);
    if (start === undefined) throw invalid('/common_config/acquisition_start_date', 'is not a calendar date');
    if (end === undefined) throw invalid('/common_config/acquisition_end_date', 'is not a calendar date');
    if (end < start) throw invalid('/common_config/acquisition_end_date', 'is before acquisition_start_date');
    const rule = ruleFrom(common.offer_config);
    const offerId = key(ids.offerId ?? randomUUID());
    const offer: OfferRecord = {
      id: offerId,
      retailerId: key(request.retailer_id),
      offerType: request.offer_type,
      published: isTrue(request.publish),
      start,
      end,
      texts: request.text_config.map((text, i) => ({
        id: ids.textIds?.[i] ?? randomUUID(),
        culture: text.culture,
        title: text.title,
        description: text.description ?? '',
        terms: text.terms_and_conditions ?? '',
      })),
      rule,
      validityPeriod: common.validity_period,
      validityUnit: common.validity_unit,
      rewardStore: common.reward_store ?? false,
      customData: common.custom_data,
      validAfterEndDate: common.valid_after_end_date ?? false,
    };
    this.offers.set(offerId, offer);
    return offer;
  }

  offer(offerId: string, retailerId?: string): OfferRecord {
    const offer = this.offers.get(key(offerId));
    if (!offer || (retailerId !== undefined && offer.retailerId !== key(retailerId))) {
      throw new MockError('NOT_FOUND', `no offer ${offerId}${retailerId ? ` for retailer ${retailerId}` : ''}`);
    }
    return offer;
  }

  // Members

  addUser(request: MockUserRequest, userPointAccountId: string = randomUUID()): UserRecord {
    this.checkNewUser(request);
    const user: UserRecord = {
      id: key(request.user_id ?? randomUUID()),
      externalCustomerId: request.external_customer_id,
      firstName: request.first_name ?? '',
      lastName: request.last_name ?? '',
      email: request.email ?? '',
      phone: request.phone ?? '',
      points: request.points ?? 0,
      userPointAccountId,
      userOffers: [],
      unredeemed: [],
    };
    this.users.set(user.id, user);
    this.usersByExternalId.set(user.externalCustomerId, user);
    if (user.email) this.usersByEmail.set(key(user.email), user);
    if (user.phone) this.usersByPhone.set(user.phone, user);
    return user;
  }

  private checkNewUser(request: MockUserRequest): void {
    if (this.usersByExternalId.has(request.external_customer_id)) {
      throw taken('external_customer_id', request.external_customer_id);
    }
    if (request.user_id && this.users.has(key(request.user_id))) throw taken('user_id', request.user_id);
    if (request.email && this.usersByEmail.has(key(request.email))) throw taken('email', request.email);
    if (request.phone && this.usersByPhone.has(request.phone)) throw taken('phone', request.phone);
  }

  user(userId: string): UserRecord {
    const user = this.users.get(key(userId));
    if (!user) throw new MockError('USER_NOT_FOUND', `no member with user_id ${userId}`);
    return user;
  }

  /** Lookup by the first identifier given, in the order user_id, external_customer_id, email, phone. */
  findUser(lookup: { user_id?: string; external_customer_id?: string; email?: string; phone?: string }): UserRecord {
    const [field, value, user] =
      lookup.user_id !== undefined
        ? ['user_id', lookup.user_id, this.users.get(key(lookup.user_id))]
        : lookup.external_customer_id !== undefined
          ? [
              'external_customer_id',
              lookup.external_customer_id,
              this.usersByExternalId.get(lookup.external_customer_id),
            ]
          : lookup.email !== undefined
            ? ['email', lookup.email, this.usersByEmail.get(key(lookup.email))]
            : ['phone', lookup.phone ?? '', this.usersByPhone.get(lookup.phone ?? '')];
    if (!user) throw new MockError('USER_NOT_FOUND', `no member with ${field} ${JSON.stringify(value)}`);
    return user;
  }

  // User offers

  /** Issues an offer; `anyDates` skips the eligibility check (admin API, demo data). */
  issue(
    userId: string,
    offerId: string,
    options: { retailerId?: string; anyDates?: boolean; id?: string; acquiredAt?: number } = {},
  ): UserOfferRecord {
    const offer = this.offer(offerId, options.retailerId);
    const user = this.user(userId);
    const acquiredAt = options.acquiredAt ?? Date.now();
    if (!options.anyDates && !isEligible(offer, acquiredAt)) throw notEligible(offer);
    return this.addUserOffer(user, offer, acquiredAt, options.id);
  }

  private addUserOffer(user: UserRecord, offer: OfferRecord, acquiredAt: number, id?: string): UserOfferRecord {
    const userOffer: UserOfferRecord = {
      id: key(id ?? randomUUID()),
      sequence: this.sequence++,
      user,
      offer,
      acquiredAt,
      lock: null,
      redeemedAt: null,
    };
    this.userOffers.set(userOffer.id, userOffer);
    user.userOffers.push(userOffer);
    user.unredeemed.push(userOffer);
    this.byStatus.issued++;
    return userOffer;
  }

  userOffer(userOfferId: string): UserOfferRecord {
    const userOffer = this.userOffers.get(key(userOfferId));
    if (!userOffer) throw new MockError('NOT_FOUND', `no user offer ${userOfferId}`);
    return userOffer;
  }

  /** The wallet: issued (or locked), not redeemed, offer currently eligible. */
  wallet(user: UserRecord, now: number): UserOfferRecord[] {
    return user.unredeemed.filter((uo) => isEligible(uo.offer, now));
  }

  /** Locks against a basket; the same transaction may lock again (the basket changed) and gets a recomputed amount. */
  lock(userOfferId: string, basket: Transaction, now: number): UserOfferRecord {
    if (!basket.items.length) throw invalid('/request_payload/transaction/items', 'must list a line to lock against');
    const userOffer = this.userOffer(userOfferId);
    if (userOffer.redeemedAt !== null) throw alreadyRedeemed(userOffer);
    if (!isEligible(userOffer.offer, now)) throw notEligible(userOffer.offer);
    const current = userOffer.lock;
    if (current && current.transactionId !== basket.transaction_id) throw lockConflict(userOffer, current);
    const holders = this.locksByTransaction.get(basket.transaction_id) ?? new Set<UserOfferRecord>();
    let others = 0;
    for (const held of holders) if (held !== userOffer) others += held.lock?.amount ?? 0;
    const { amount, lineIds } = discountFor(userOffer.offer.rule, basket, others);
    userOffer.lock = {
      transactionId: basket.transaction_id,
      amount,
      lineIds,
      appliedAt: now,
      stackOrder: current?.stackOrder ?? holders.size,
    };
    if (!current) {
      holders.add(userOffer);
      this.locksByTransaction.set(basket.transaction_id, holders);
      this.byStatus.issued--;
      this.byStatus.locked++;
    }
    return userOffer;
  }

  unlock(userOfferId: string): void {
    const userOffer = this.userOffer(userOfferId);
    if (userOffer.redeemedAt !== null) throw alreadyRedeemed(userOffer);
    if (!userOffer.lock) throw new MockError('NOT_LOCKED', `user offer ${userOffer.id} is not locked`);
    this.release(userOffer);
    this.byStatus.issued++;
  }

  private release(userOffer: UserOfferRecord): void {
    const lock = userOffer.lock;
    if (!lock) return;
    const holders = this.locksByTransaction.get(lock.transactionId);
    holders?.delete(userOffer);
    if (holders?.size === 0) this.locksByTransaction.delete(lock.transactionId);
    userOffer.lock = null;
    this.byStatus.locked--;
  }

  /** Records a transaction and redeems the discounts it carries: all of them or, on any problem, none. */
  sendTransaction(payload: SendTransactionPayload, now: number): void {
    const targets: UserOfferRecord[] = [];
    (payload.discounts ?? []).forEach((discount, i) => {
      const userOffer = this.userOffer(discount.reference_id);
      if (targets.includes(userOffer)) {
        throw invalid(`/request_payload/discounts/${i}/reference_id`, 'repeats a discount listed earlier');
      }
      if (userOffer.redeemedAt !== null) throw alreadyRedeemed(userOffer);
      if (!userOffer.lock) {
        throw new MockError('NOT_LOCKED', `user offer ${userOffer.id} is not locked: lock it before redeeming`);
      }
      if (userOffer.lock.transactionId !== payload.transaction_id) throw lockConflict(userOffer, userOffer.lock);
      if (!isEligible(userOffer.offer, now)) throw notEligible(userOffer.offer);
      targets.push(userOffer);
    });
    for (const userOffer of targets) {
      this.release(userOffer);
      userOffer.redeemedAt = now;
      const open = userOffer.user.unredeemed;
      open.splice(open.indexOf(userOffer), 1);
      this.byStatus.redeemed++;
    }
    this.transactions.add(payload.transaction_id);
  }

  /** Issued and redeemed user offers of the given members, oldest first. */
  history(userIds: string[], skip: number, take: number): { total: number; page: UserOfferRecord[] } {
    const all: UserOfferRecord[] = [];
    for (const userId of new Set(userIds.map(key))) all.push(...(this.users.get(userId)?.userOffers ?? []));
    if (userIds.length > 1) all.sort((a, b) => a.sequence - b.sequence);
    return { total: all.length, page: all.slice(skip, skip + take) };
  }

  /** When a user offer may be redeemed: from the offer's start to the end of its validity (or the offer's end). */
  redemptionWindow(userOffer: UserOfferRecord): { start: number; end: number } {
    const { offer } = userOffer;
    const end =
      offer.validityPeriod && offer.validityUnit
        ? addPeriod(userOffer.acquiredAt, offer.validityPeriod, offer.validityUnit)
        : offer.end;
    return { start: offer.start, end };
  }

  // Bulk data for load runs

  seed(request: MockSeedRequest): { offer: OfferRecord; users: UserRecord[] } {
    const prefix = request.external_customer_id_prefix ?? 'seed-';
    const externalIds = Array.from({ length: request.users }, (_, i) => `${prefix}${i}`);
    const clash = externalIds.find((id) => this.usersByExternalId.has(id));
    if (clash !== undefined) {
      throw new MockError(
        'USER_EXISTS',
        `a member with external_customer_id "${clash}" exists; reset or pick another prefix`,
      );
    }
    const offer = this.seedOffer(request.discount_amount ?? 5);
    const now = Date.now();
    const users = externalIds.map((externalCustomerId) => {
      const user = this.addUser({ external_customer_id: externalCustomerId, points: request.points ?? 0 });
      for (let i = 0; i < request.offers_per_user; i++) this.addUserOffer(user, offer, now);
      return user;
    });
    return { offer, users };
  }

  private seedOffer(amount: number): OfferRecord {
    const existing = this.seedOffers.get(amount);
    if (existing) return existing;
    const offer = this.createOffer(seedOfferRequest(amount));
    this.seedOffers.set(amount, offer);
    return offer;
  }
}

const taken = (what: string, value: string) =>
  new MockError('USER_EXISTS', `a member with ${what} ${JSON.stringify(value)} already exists`);

const notEligible = (offer: OfferRecord) =>
  new MockError(
    'OFFER_NOT_ELIGIBLE',
    offer.published
      ? `offer ${offer.id} is outside its dates (${isoTime(offer.start)} to ${isoTime(offer.end)})`
      : `offer ${offer.id} is not published`,
  );

const alreadyRedeemed = (userOffer: UserOfferRecord) =>
  new MockError('ALREADY_REDEEMED', `user offer ${userOffer.id} was redeemed at ${isoTime(userOffer.redeemedAt ?? 0)}`);

const lockConflict = (userOffer: UserOfferRecord, lock: LockRecord) =>
  new MockError(
    'LOCK_CONFLICT',
    `user offer ${userOffer.id} is locked by transaction ${JSON.stringify(lock.transactionId)}; unlock it or use that transaction`,
  );
