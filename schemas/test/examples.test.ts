import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas, schemasDir } from '../catalog.ts';
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

describe('date-time patterns', () => {
  const defs = (loadSchemas().find((s) => s.title === 'Common')?.$defs ?? {}) as Record<string, { pattern: string }>;
  const iso = new RegExp(defs.IsoDateTime?.pattern ?? '$^');
  const local = new RegExp(defs.LocalDateTime?.pattern ?? '$^');

  it('accept every real calendar day from 1896 to 2104, leap days included, and nothing else', () => {
    const day = new Date(Date.UTC(1896, 0, 1));
    const refused: string[] = [];
    let days = 0;
    for (; day.getUTCFullYear() < 2105; day.setUTCDate(day.getUTCDate() + 1), days++) {
      const date = day.toISOString().slice(0, 10);
      if (!iso.test(`${date}T23:59:59.1234567Z`) || !local.test(`${date} 9:20:00.000`)) refused.push(date);
    }
    expect(refused).toEqual([]);
    expect(days).toBe(76_336);
    for (const date of [
      '1900-02-29',
      '2100-02-29',
      '2023-02-29',
      '2024-04-31',
      '2024-06-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-01-32',
    ]) {
      expect(iso.test(`${date}T10:00:00Z`), date).toBe(false);
      expect(local.test(`${date} 10:00:00`), date).toBe(false);
    }
    expect(iso.test('2000-02-29T10:00:00Z')).toBe(true);
  });

  it('accept real times only, in the seed forms', () => {
    for (const ok of ['2018-09-04T19:47:28.3475814Z', '2018-09-04T00:00:00+05:30', '2018-09-04T23:59:59-12:00']) {
      expect(iso.test(ok), ok).toBe(true);
    }
    for (const bad of [
      '9644-39-42T09:14:55.72Z',
      '2018-09-04T24:00:00Z',
      '2018-09-04T10:60:00Z',
      '2018-09-04T10:00:60Z',
      '2018-09-04T10:00:00+24:00',
      '2018-09-04T10:00:00',
      '2018-09-04 10:00:00Z',
    ]) {
      expect(iso.test(bad), bad).toBe(false);
    }
    expect(local.test('2018-06-10 24:00:00')).toBe(false);
    expect(local.test('2018-03-01 00:00:00.0')).toBe(true);
  });
});
