import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemasDir } from '../catalog.ts';
import { decisionProblem, documentedFields, type FieldDecision } from '../documented.ts';
import { validate } from '../validate.ts';

describe('response schemas say what the seed documents', () => {
  const fields = documentedFields();

  it('require every field of every sample response, with the sample type, null only where the sample has null', () => {
    expect(fields.length).toBeGreaterThan(100);
    expect(fields.map(decisionProblem).filter(Boolean)).toEqual([]);
  });

  it('fetch_offer requires all 21 fields of the sample offer', () => {
    const offer = fields.filter(
      (f) => /^payload\.offer\.[a-z_]+$/.test(f.path) && f.schema === 'fetch-offer.response.json',
    );
    expect(offer).toHaveLength(21);
    expect(offer.every((f) => f.required)).toBe(true);
    const sample = JSON.parse(readFileSync(join(schemasDir, 'examples', 'fetch-offer.response.json'), 'utf8'));
    delete sample.payload.offer.root_offer_id;
    expect(validate('fetch-offer.response.json', sample)).toEqual({
      ok: false,
      violations: [{ path: '/payload/offer/root_offer_id', message: 'is required' }],
    });
  });

  it('names a field the schema does not require, a wrong type and a null the sample does not show', () => {
    const field = (over: Partial<FieldDecision>): FieldDecision => ({
      schema: 'fetch-offer.response.json',
      path: 'payload.offer.title',
      sample: 'string',
      required: true,
      allows: ['string'],
      ...over,
    });
    expect(decisionProblem(field({}))).toBeUndefined();
    expect(decisionProblem(field({ required: false }))).toBe(
      'fetch-offer.response.json payload.offer.title: the sample shows it, the schema does not require it',
    );
    expect(decisionProblem(field({ allows: ['integer'] }))).toBe(
      'fetch-offer.response.json payload.offer.title: the sample is string, the schema allows integer',
    );
    expect(decisionProblem(field({ allows: ['string', 'null'] }))).toBe(
      'fetch-offer.response.json payload.offer.title: null allowed, though the sample is string',
    );
    expect(decisionProblem(field({ sample: 'integer', allows: ['number'] }))).toBeUndefined();
  });
});
