// Create Offer requests for the acceptance Workflow, contract states, load setup, tests and the mock's own data.
// No Node built-ins: the k6 scripts use it too.
import type { CreateOfferRequest, OfferConfig } from '../schemas/generated/types.ts';

export interface OfferOptions {
  title?: string;
  description?: string;
  /** Local date-times as the seed writes them; default: from last year to the end of next year. */
  start?: string;
  end?: string;
  publish?: CreateOfferRequest['publish'];
  validity?: { unit: 'days' | 'weeks' | 'months' | 'years'; period: number };
}

export function offerRequest(config: OfferConfig, options: OfferOptions = {}): Omit<CreateOfferRequest, 'retailer_id'> {
  const year = new Date().getUTCFullYear();
  const title = options.title ?? `${config.type} offer`;
  return {
    offer_type: 'manual_fulfillment',
    publish: options.publish ?? 'true',
    text_config: [{ title, description: options.description ?? title, culture: 'en' }],
    media_config: [],
    common_config: {
      acquisition_start_date: options.start ?? `${year - 1}-01-01 00:00:00.0`,
      acquisition_end_date: options.end ?? `${year + 1}-12-31 23:59:00.0`,
      validity_unit: options.validity?.unit ?? 'years',
      validity_period: options.validity?.period ?? 1,
      offer_config: config,
    },
  };
}

/** A "$N off Check" offer: a fixed amount off the basket. */
export const fixedAmountOffer = (amount: number, options: OfferOptions = {}) =>
  offerRequest({ type: 'fixed_amount_check_discount', amount }, { title: `$${amount} off Check`, ...options });
