// What an offer takes off a basket. The mock knows three offer_config types; others are refused at creation
// rather than silently discounting nothing.
import type { OfferConfig, Transaction } from '../schemas/generated/types.ts';
import { invalid } from './errors.ts';

export type DiscountRule =
  | { kind: 'fixed_amount_check_discount'; amount: number }
  /** `amount` is the percentage (10 = 10 %): the schema's one numeric field, no new field invented. */
  | { kind: 'percent_check_discount'; percent: number }
  /** Fulfilled by staff; an optional `amount` is discounted like a fixed amount, 0 when absent. */
  | { kind: 'manual_fulfillment'; amount: number };

const supportedTypes = ['fixed_amount_check_discount', 'percent_check_discount', 'manual_fulfillment'];

const at = '/common_config/offer_config';

export function ruleFrom(config: OfferConfig): DiscountRule {
  const { type, amount } = config;
  if (amount !== undefined && amount < 0) throw invalid(`${at}/amount`, `must not be negative, got ${amount}`);
  switch (type) {
    case 'fixed_amount_check_discount':
      if (amount === undefined) throw invalid(`${at}/amount`, 'is required for fixed_amount_check_discount');
      return { kind: type, amount };
    case 'percent_check_discount':
      if (amount === undefined || amount > 100) {
        throw invalid(`${at}/amount`, 'must be the percentage, 0 to 100, for percent_check_discount');
      }
      return { kind: type, percent: amount };
    case 'manual_fulfillment':
      return { kind: type, amount: amount ?? 0 };
    default:
      throw invalid(`${at}/type`, `the mock supports ${supportedTypes.join(', ')}; got ${JSON.stringify(type)}`);
  }
}

const cents = (money: string) => Math.round(Number(money) * 100);

/**
 * The check-level discount on a basket: at most what the basket's subtotal still has after the other discounts
 * locked in the same transaction. It applies to the lines with a positive subtotal, or to every line when none has
 * one, whatever the amount: a LockedDiscount lists at least one line (schemas/common.json).
 */
export function discountFor(
  rule: DiscountRule,
  basket: Transaction,
  otherDiscounts: number,
): { amount: number; lineIds: string[] } {
  const left = Math.max(0, cents(basket.subtotal) - Math.round(otherDiscounts * 100));
  const wanted =
    rule.kind === 'percent_check_discount'
      ? Math.round((cents(basket.subtotal) * rule.percent) / 100)
      : Math.round(rule.amount * 100);
  const amount = Math.min(wanted, left);
  const paid = basket.items.filter((item) => cents(item.subtotal) > 0);
  return { amount: amount / 100, lineIds: (paid.length ? paid : basket.items).map((item) => item.line_id) };
}
