import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadOperations } from '../../schemas/catalog.ts';
import { brokenBy, caseGenerator } from '../cases.ts';
import { mutationArbitrary, mutationKinds, serialize } from '../mutate.ts';
import { SchemaResolver } from '../schema.ts';

const operations = loadOperations();
const schemaOf = new Map(operations.map((op) => [op.operationId, op.requestSchema]));
const generator = caseGenerator(operations);

describe('mutations', () => {
  it('every generated case breaks its schema, its JSON or its content type', () => {
    const wellFormed: string[] = [];
    const kinds = new Set<string>();
    for (let index = 0; index < 1000; index++) {
      const fuzzCase = generator.generate(99, index);
      kinds.add(fuzzCase.kind);
      if (!brokenBy(fuzzCase, schemaOf.get(fuzzCase.operationId) as string))
        wellFormed.push(`${fuzzCase.operationId}: ${fuzzCase.description}`);
    }
    expect(wellFormed).toEqual([]);
    expect([...kinds].sort()).toEqual([...mutationKinds].sort());
  });

  it('names what it mutated, in one line', () => {
    for (let index = 0; index < 300; index++) {
      const { description } = generator.generate(7, index);
      expect(description).toMatch(/\S/);
      expect(description).not.toMatch(/\n/);
      expect(description.length).toBeLessThan(300);
    }
  });

  it('is deterministic per seed and case, and seeds differ', () => {
    const a = generator.generate(1234, 42);
    expect(generator.generate(1234, 42)).toEqual(a);
    const bodies = new Set(Array.from({ length: 20 }, (_, seed) => generator.generate(seed, 42).body));
    expect(bodies.size).toBeGreaterThan(10);
  });

  it('sends huge strings between 100 KB and 2 MB', () => {
    const sizes: number[] = [];
    for (let index = 0; index < 1500 && sizes.length < 10; index++) {
      const fuzzCase = generator.generate(5, index);
      if (fuzzCase.kind === 'huge-string') sizes.push(fuzzCase.body.length);
    }
    expect(sizes.length).toBe(10);
    for (const size of sizes) {
      expect(size).toBeGreaterThan(100_000);
      expect(size).toBeLessThan(2_100_000);
    }
  });

  it('writes -0 and 1e400 verbatim, which JSON.stringify cannot', () => {
    const schema = new SchemaResolver().resolve('user-offer-history.request.json');
    const value = { retailer_id: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a', user_ids: [], take: 5 };
    const bodies = fc.sample(mutationArbitrary(schema, value), { seed: 1, numRuns: 2000 }).map((m) => m.body);
    expect(bodies).toContain(serialize({ ...value, take: 1 }).replace('"take":1', '"take":-0'));
    expect(bodies).toContain(serialize({ ...value, take: 1 }).replace('"take":1', '"take":1e400'));
    expect(serialize({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
  });

  it('adds "__proto__" as a real key of the JSON, not as a prototype', () => {
    const schema = new SchemaResolver().resolve('fetch-offer.request.json');
    const value = {
      retailer_id: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a',
      offer_id: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76b',
    };
    const found = fc
      .sample(mutationArbitrary(schema, value), { seed: 2, numRuns: 1000 })
      .find((m) => m.description.startsWith('extra field "__proto__" = 1'));
    expect(found?.body).toBe(`${serialize(value).slice(0, -1)},"__proto__":1}`);
  });
});
