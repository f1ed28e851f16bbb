// Case i of seed s: an operation, one of its routes, a valid request derived from its schema, one mutation.
// Each case has its own fast-check seed, so case 7,345 replays without generating the 7,344 before it.
import fc from 'fast-check';
import type { OperationInfo } from '../schemas/catalog.ts';
import { validate } from '../schemas/validate.ts';
import { arbitraryFor } from './derive.ts';
import { type MutationKind, mutationArbitrary } from './mutate.ts';
import { SchemaResolver } from './schema.ts';

export interface FuzzCase {
  index: number;
  operationId: string;
  method: string;
  path: string;
  kind: MutationKind;
  /** One line: what was broken, and where. */
  description: string;
  body: string;
  contentType: string | undefined;
}

/** Values pinned into every valid request wherever the key appears: the target's real ids, a known member. */
export type Pins = Record<string, string>;

function pin(value: unknown, pins: Pins): unknown {
  if (Array.isArray(value)) return value.map((item) => pin(item, pins));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, key in pins && typeof v === 'string' ? pins[key] : pin(v, pins)]),
  );
}

/** Mixes the run seed and the case index into a 32-bit seed. */
export const caseSeed = (seed: number, index: number) => (seed ^ Math.imul(index + 1, 0x9e3779b1)) | 0;

export interface CaseGenerator {
  generate(seed: number, index: number): FuzzCase;
  /** The valid request a case starts from, for tests. */
  validArbitrary(operationId: string): fc.Arbitrary<unknown>;
}

export function caseGenerator(operations: OperationInfo[], pins: Pins = {}): CaseGenerator {
  if (operations.length === 0) throw new Error('fuzz: no operations to fuzz');
  const resolver = new SchemaResolver();
  const perOperation = new Map(
    operations.map((op) => {
      const schema = resolver.resolve(op.requestSchema);
      return [op.operationId, { op, schema, valid: arbitraryFor(schema).map((v) => pin(v, pins)) }];
    }),
  );
  const arbitrary = fc.constantFrom(...perOperation.values()).chain(({ op, schema, valid }) =>
    fc
      .tuple(fc.constantFrom(op.path, ...op.aliases), fc.constantFrom(...op.methods), valid)
      .chain(([path, method, value]) =>
        mutationArbitrary(schema, value).map((mutation) => ({
          operationId: op.operationId,
          method,
          path,
          ...mutation,
        })),
      ),
  );
  return {
    generate(seed, index) {
      const [sample] = fc.sample(arbitrary, { seed: caseSeed(seed, index), numRuns: 1 });
      if (!sample) throw new Error('fuzz: fast-check produced no sample');
      return { index, ...sample };
    },
    validArbitrary(operationId) {
      const entry = perOperation.get(operationId);
      if (!entry) throw new Error(`fuzz: unknown operation ${operationId}`);
      return entry.valid;
    },
  };
}

const jsonType = /^application\/json\s*(?:;|$)/i;

/** How the case is malformed, or undefined when it is a well-formed request (a generator bug: never send it). */
export function brokenBy(fuzzCase: FuzzCase, requestSchema: string): 'content-type' | 'json' | 'schema' | undefined {
  if (fuzzCase.contentType === undefined || !jsonType.test(fuzzCase.contentType)) return 'content-type';
  let parsed: unknown;
  try {
    parsed = JSON.parse(fuzzCase.body);
  } catch {
    return 'json';
  }
  return validate(requestSchema, parsed).ok ? undefined : 'schema';
}
