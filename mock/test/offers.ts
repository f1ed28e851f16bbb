// Offer requests for tests, typed by the generated CreateOfferRequest.
import type { CreateOfferRequest, OfferConfig } from '../../schemas/generated/types.ts';

const year = new Date().getUTCFullYear();

export function offerRequest(
  config: OfferConfig,
  options: { title?: string; start?: string; end?: string; publish?: boolean | 'true' | 'false' } = {},
): Omit<CreateOfferRequest, 'retailer_id'> {
  return {
    offer_type: 'manual_fulfillment',
    publish: options.publish ?? 'true',
    text_config: [{ title: options.title ?? 'Test offer', description: 'mock test', culture: 'en' }],
    media_config: [],
    common_config: {
      acquisition_start_date: options.start ?? `${year - 1}-01-01 00:00:00.0`,
      acquisition_end_date: options.end ?? `${year + 1}-12-31 23:59:00.0`,
      validity_unit: 'years',
      validity_period: 1,
      offer_config: config,
    },
  };
}

/** The seed's own dates: long past. */
export const pastDates = { start: '2018-03-01 00:00:00.0', end: '2019-03-31 23:59:00.0' };
