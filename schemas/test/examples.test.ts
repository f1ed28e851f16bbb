import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../catalog.ts';
import { violationsOf } from '../standalone.ts';
import { validate } from '../validate.ts';

const examplesDir = join(schemasDir, 'examples');
const examples = readdirSync(examplesDir).map((file) => ({
  file,
  data: JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Record<string, unknown>,
}));
const example = (file: string) => structuredClone(examples.find((e) => e.file === file)?.data) as Record<string, any>;

describe('seed examples', () => {
  it('cover a request and a response of every seed operation', () => {
    expect(examples.map((e) => e.file).sort()).toEqual(
      ['create-offer', 'fetch-offer', 'get-user-offers', 'lock-user-offer', 'send-transaction', 'user-offer-history']
        .flatMap((op) => [`${op}.request.json`, `${op}.response.json`])
        .sort(),
    );
  });

  it.each(examples)('$file validates with the compiled and the standalone validators', ({ file, data }) => {
    expect(validate(file, data)).toEqual({ ok: true });
    expect(violationsOf(file, data)).toEqual([]);
  });
});

type Variant = [name: string, schema: string, mutate: (d: Record<string, any>) => void, path: string, message: RegExp];

const variants: Variant[] = [
  [
    'wrong type',
    'user-offer-history.request.json',
    (d) => {
      d.take = '1';
    },
    '/take',
    /must be integer/,
  ],
  [
    'missing required field',
    'lock-user-offer.request.json',
    (d) => {
      delete d.request_payload.offer_lookup_code;
    },
    '/request_payload/offer_lookup_code',
    /is required/,
  ],
  [
    'bad uuid',
    'fetch-offer.request.json',
    (d) => {
      d.offer_id = 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76';
    },
    '/offer_id',
    /Uuid/,
  ],
  [
    'bad money string',
    'lock-user-offer.request.json',
    (d) => {
      d.request_payload.transaction.subtotal = '11,77';
    },
    '/request_payload/transaction/subtotal',
    /Money such as "11.77" or ".77"/,
  ],
  [
    'money as a number in a request',
    'send-transaction.request.json',
    (d) => {
      d.request_payload.items[0].unit_price = 2701.5;
    },
    '/request_payload/items/0/unit_price',
    /must be string/,
  ],
  [
    'broken envelope: no request_payload',
    'get-user-offers.request.json',
    (d) => {
      delete d.request_payload;
    },
    '/request_payload',
    /is required/,
  ],
  [
    'broken envelope: unknown field',
    'send-transaction.request.json',
    (d) => {
      d.payload = d.request_payload;
    },
    '/payload',
    /not allowed/,
  ],
  [
    'broken envelope: bad store_id',
    'lock-user-offer.request.json',
    (d) => {
      d.store_id = 'store-1';
    },
    '/store_id',
    /Uuid/,
  ],
  [
    'bad enum',
    'lock-user-offer.request.json',
    (d) => {
      d.request_payload.offer_lookup_type = 'barcode';
    },
    '/request_payload/offer_lookup_type',
    /must be one of/,
  ],
  [
    'unknown field where the shape is complete',
    'fetch-offer.request.json',
    (d) => {
      d.user_id = 'x';
    },
    '/user_id',
    /not allowed/,
  ],
  [
    'bad local date-time',
    'send-transaction.request.json',
    (d) => {
      d.request_payload.open_time = '2018-09-01T10:20:00Z';
    },
    '/request_payload/open_time',
    /LocalDateTime/,
  ],
  [
    'bad response status',
    'lock-user-offer.response.json',
    (d) => {
      d.status = 'LOCKED';
    },
    '/status',
    /must be one of/,
  ],
  [
    'response amount as a string',
    'lock-user-offer.response.json',
    (d) => {
      d.payload.amount = '12';
    },
    '/payload/amount',
    /must be number/,
  ],
  [
    'response missing required field',
    'user-offer-history.response.json',
    (d) => {
      delete d.payload.results[0].user_offer_id;
    },
    '/payload/results/0/user_offer_id',
    /is required/,
  ],
  [
    'bad ISO date-time in a response',
    'fetch-offer.response.json',
    (d) => {
      d.payload.offer.acquisition_start_date = '2018-03-01 00:00:00.0';
    },
    '/payload/offer/acquisition_start_date',
    /IsoDateTime/,
  ],
  [
    'wrapped differently',
    'create-offer.response.json',
    (d) => {
      d.data = d.payload;
      delete d.payload;
    },
    '/payload',
    /is required/,
  ],
];

describe('broken variants', () => {
  it.each(variants)('%s fails naming %s', (_name, schema, mutate, path, message) => {
    const data = example(schema);
    mutate(data);
    const result = validate(schema, data);
    expect(result.ok).toBe(false);
    const violations = result.ok ? [] : result.violations;
    expect(violations).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(violationsOf(schema, data)).toEqual(violations);
  });
});

describe('tolerance', () => {
  it('accepts uuids in either letter case and extra fields in responses', () => {
    const data = example('lock-user-offer.response.json');
    data.payload.reference_id = data.payload.reference_id.toUpperCase();
    data.payload.new_field_from_a_later_release = { anything: true };
    expect(validate('lock-user-offer.response.json', data)).toEqual({ ok: true });
  });

  it('accepts the tax total under both spellings the seed uses', () => {
    const lock = example('lock-user-offer.request.json');
    lock.request_payload.transaction.tax_total = lock.request_payload.transaction.TaxTotal;
    delete lock.request_payload.transaction.TaxTotal;
    expect(validate('lock-user-offer.request.json', lock)).toEqual({ ok: true });
  });
});
