import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadOperations, loadSchemas } from '../../schemas/catalog.ts';
import { validate, violationText } from '../../schemas/validate.ts';
import { caseGenerator } from '../cases.ts';
import { arbitraryFor } from '../derive.ts';
import { SchemaResolver } from '../schema.ts';

const operations = loadOperations();
const generator = caseGenerator(operations);

describe('deriver', () => {
  it.each(operations.map((op) => [op.operationId, op.requestSchema]))(
    '%s: every derived value validates',
    (id, file) => {
      fc.assert(
        fc.property(generator.validArbitrary(id), (value) => {
          const result = validate(file, value);
          if (!result.ok) throw new Error(violationText(result.violations));
        }),
        { numRuns: 150, seed: 20_260_501 },
      );
    },
  );

  it('merges allOf envelopes and keeps anyOf-of-required as lookup alternatives', () => {
    const node = new SchemaResolver().resolve('get-user-offers.request.json');
    expect(node.closed).toBe(true);
    expect(Object.keys(node.properties).sort()).toEqual([
      'client_id',
      'culture',
      'request_id',
      'request_payload',
      'store_id',
    ]);
    expect(node.required.sort()).toEqual(['client_id', 'request_id', 'request_payload', 'store_id']);
    expect(node.properties.request_payload?.requiredAnyOf).toEqual([
      ['external_customer_id'],
      ['email'],
      ['phone'],
      ['user_id'],
    ]);
    expect(node.properties.store_id?.pattern).toMatch(/^\^\[0-9a-fA-F\]\{8\}/);
  });

  it('refuses a keyword it does not understand instead of generating wrong shapes', () => {
    const schemas = loadSchemas();
    const resolver = new SchemaResolver(schemas);
    // mock-user.request.json uses "format": "email", which the deriver does not implement.
    expect(() => resolver.resolve('mock-user.request.json')).toThrow(/unsupported keyword format/);
  });

  it('pins configured ids wherever the key appears', () => {
    const pins = {
      retailer_id: '2D5B5A08-BECD-4837-A69A-2AB967C7773A',
      store_id: '332b6ee0-e981-4f96-8047-d0d358cfb3e0',
    };
    const pinned = caseGenerator(operations, pins);
    for (const value of fc.sample(pinned.validArbitrary('fetchOffer'), { seed: 1, numRuns: 20 }))
      expect((value as { retailer_id: string }).retailer_id).toBe(pins.retailer_id);
    for (const value of fc.sample(pinned.validArbitrary('lockUserOffer'), { seed: 1, numRuns: 20 }))
      expect((value as { store_id: string }).store_id).toBe(pins.store_id);
  });

  it('derives numbers inside exclusive bounds', () => {
    const node = new SchemaResolver().resolve('mock-seed.request.json');
    const amount = node.properties.discount_amount;
    if (!amount) throw new Error('mock-seed.request.json lost discount_amount');
    for (const value of fc.sample(arbitraryFor(amount), { seed: 3, numRuns: 200 })) expect(value).toBeGreaterThan(0);
  });
});
