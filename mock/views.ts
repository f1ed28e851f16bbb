// Records as the API shows them, typed by the generated schema types so a shape is never written twice.
import { demo } from '../fixtures/demo.ts';
import type {
  Discount,
  LockedDiscount,
  Offer,
  PointAccount,
  Transaction,
  UserOfferHistoryItem,
  WalletUser,
} from '../schemas/generated/types.ts';
import { isoTime } from './dates.ts';
import { discountFor } from './discounts.ts';
import type { OfferRecord, UserOfferRecord, UserRecord } from './store.ts';

/** A user offer as the POS sees it: INFO in the wallet (priced when a basket came along), LOCKED once locked. */
export function discountView(userOffer: UserOfferRecord, basket?: Transaction): Discount {
  const { lock } = userOffer;
  const priced = !lock && basket ? discountFor(userOffer.offer.rule, basket, 0) : undefined;
  return {
    reference_id: userOffer.id,
    user_id: userOffer.user.id,
    reference_id_type: 'userofferid',
    pos_discount_id: null,
    status: lock ? 'LOCKED' : 'INFO',
    display_name: titleOf(userOffer.offer),
    image_url: null,
    discounted_line_ids: lock?.lineIds ?? priced?.lineIds ?? [],
    discounted_line_id_quantities: [],
    discount_source: 'sessionm',
    amount: lock?.amount ?? priced?.amount ?? 0,
    stack_order: lock?.stackOrder ?? 0,
    applied_time: lock ? isoTime(lock.appliedAt) : null,
  };
}

/** Lock's answer: the locked discount, which lists at least one line (the lock refuses a basket without lines). */
export function lockedDiscountView(userOffer: UserOfferRecord): LockedDiscount {
  const { lock } = userOffer;
  const [line, ...lines] = lock?.lineIds ?? [];
  if (!lock || line === undefined) throw new Error(`user offer ${userOffer.id} holds no lock with lines`);
  return {
    ...discountView(userOffer),
    status: 'LOCKED',
    discounted_line_ids: [line, ...lines],
    applied_time: isoTime(lock.appliedAt),
  };
}

export function walletView(user: UserRecord, offers: UserOfferRecord[], basket?: Transaction): WalletUser {
  const account: PointAccount = {
    AccountName: demo.pointAccount.name,
    UserPointAccountID: user.userPointAccountId,
    PointAccountID: demo.pointAccount.id,
    GroupingLabel: '',
    AvailableBalance: user.points,
    LifeTimeValue: user.points,
  };
  return {
    user_reference_id: user.id,
    user_account_id: user.id,
    partial_response: false,
    first_name: user.firstName,
    last_name: user.lastName,
    phone: user.phone,
    email: user.email,
    points: user.points,
    profile_fields: {},
    offers: offers.map((uo) => discountView(uo, basket)),
    accounts: [account],
  };
}

/** The text for a culture: exact match, then same language ("en-us" finds "en"), then the first. */
function textFor(offer: OfferRecord, culture = '') {
  const wanted = culture.toLowerCase();
  const language = wanted.split('-')[0];
  return (
    offer.texts.find((t) => t.culture.toLowerCase() === wanted) ??
    offer.texts.find((t) => t.culture.toLowerCase().split('-')[0] === language) ??
    offer.texts[0]
  );
}

const titleOf = (offer: OfferRecord) => offer.texts[0]?.title ?? '';

export function offerView(offer: OfferRecord, culture?: string): Offer {
  const start = isoTime(offer.start);
  const end = isoTime(offer.end);
  return {
    offer_type_id: offer.offerType,
    id: offer.id,
    root_offer_id: offer.id,
    retailer_id: offer.retailerId,
    title: textFor(offer, culture)?.title ?? '',
    status: offer.published ? 1 : 0,
    acquisition_start_date: start,
    acquisition_end_date: end,
    // The seed shows these on every offer; an offer created without them says so with 0 and empty strings.
    validity_period: offer.validityPeriod ?? 0,
    validity_unit: offer.validityUnit ?? '',
    reward_store: offer.rewardStore,
    custom_data: offer.customData ?? '',
    requires_extended_data: false,
    all_items_eligible: false,
    parent_offer_ids: [],
    check_level: offer.rule.kind !== 'manual_fulfillment',
    offer_text: offer.texts.map((text) => ({ ...text, offer_id: offer.id })),
    offer_media: [],
    start_date: start,
    end_date: end,
    valid_after_end_date: offer.validAfterEndDate,
  };
}

export function historyView(userOffer: UserOfferRecord, window: { start: number; end: number }): UserOfferHistoryItem {
  const text = userOffer.offer.texts[0];
  const redeemed = userOffer.redeemedAt !== null;
  return {
    title: text?.title ?? '',
    description: text?.description ?? '',
    terms: text?.terms ?? '',
    user_offer_id: userOffer.id,
    offer_id: userOffer.offer.id,
    offer_type: userOffer.offer.offerType,
    user_id: userOffer.user.id,
    acquire_date: isoTime(userOffer.acquiredAt),
    redemption_start_date: isoTime(window.start),
    redemption_end_date: isoTime(window.end),
    status: redeemed ? 2 : 1,
    status_description: redeemed ? 'Redeemed' : 'Issued',
    culture: text?.culture ?? '',
    media_uri: '',
    media_culture: '',
  };
}
