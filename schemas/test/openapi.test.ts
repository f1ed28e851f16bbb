// The bundled OpenAPI document as tools nobody here wrote read it: Ajv 2020, Redocly, Spectral. Each tool is also
// shown a broken copy, so a clean verdict means something.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, lint } from '@redocly/openapi-core';
import { Document, Spectral } from '@stoplight/spectral-core';
import { Json as JsonParser } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledOpenApiFile, loadOpenApi, loadOperations, loadSchemas } from '../catalog.ts';
import { validate } from '../validate.ts';

type Json = Record<string, any>;
const document = () => structuredClone(loadOpenApi()) as Json;
const scratch = mkdtempSync(join(tmpdir(), 'openapi-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const httpMethods = ['get', 'put', 'post', 'delete', 'patch'];
const operationsOf = (doc: Json) =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => httpMethods.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );

/** Every object in the document with the JSON path that leads to it. */
function* nodes(node: unknown, path = '#'): Generator<[string, Json]> {
  if (typeof node !== 'object' || node === null) return;
  yield [path, node as Json];
  for (const [key, value] of Object.entries(node)) yield* nodes(value, `${path}/${key}`);
}

/** Compiles each component schema with Ajv 2020 (formats on, strict); the names of those that fail. */
function uncompilable(doc: Json): string[] {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  ajvFormats.default(ajv);
  // The document as one resource, so each #/components/schemas/… ref resolves inside it, as OpenAPI tools resolve it.
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: 'https://bundle.invalid/openapi.json', components: { schemas: doc.components.schemas } });
  return Object.keys(doc.components.schemas).filter((name) => {
    try {
      ajv.compile({ $ref: `https://bundle.invalid/openapi.json#/components/schemas/${name}` });
      return false;
    } catch {
      return true;
    }
  });
}

const redocly = async (doc: Json) => {
  const file = join(scratch, `redocly-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(doc));
  const problems = await lint({ ref: file, config: await createConfig({ extends: ['recommended-strict'] }) });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
};

const spectral = new Spectral();
spectral.setRuleset({ extends: [[oas as never, 'recommended']] });
/** spectral:oas (its recommended rules, what `spectral lint` runs): errors and warnings, one line each. */
const spectralProblems = async (doc: Json) => {
  const results = await spectral.run(new Document(JSON.stringify(doc), JsonParser, bundledOpenApiFile));
  return results
    .filter((r) => r.severity <= 1)
    .map((r) => `${r.severity} ${r.code}: ${r.message} at ${r.path.join('.')}`);
};

describe('schemas/generated/openapi.bundled.json', () => {
  it('is self-contained: every schema under components/schemas, local $refs only, no $id or $schema, arrays typed', () => {
    const doc = document();
    const titles = loadSchemas().flatMap((s) => [s.title, ...Object.keys((s.$defs as Json | undefined) ?? {})]);
    expect(titles).toEqual(expect.arrayContaining(Object.keys(doc.components.schemas)));
    const found: string[] = [];
    for (const [path, node] of nodes(doc)) {
      if (typeof node.$ref === 'string' && !node.$ref.startsWith('#/components/'))
        found.push(`${path}: $ref ${node.$ref}`);
      for (const keyword of ['$id', '$schema', '$defs', 'definitions'])
        if (keyword in node) found.push(`${path}: ${keyword}`);
      for (const key of Object.keys(node))
        if (key.startsWith('x-') && key !== 'x-alias-of') found.push(`${path}: ${key}`);
      if (node.type === 'array' && !node.items) found.push(`${path}: an array without items`);
    }
    expect(found).toEqual([]);
  });

  it('compiles every component schema with Ajv 2020; a copy that keeps the $id of each file does not', () => {
    const doc = document();
    expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(30);
    expect(uncompilable(doc)).toEqual([]);
    // What `redocly bundle` alone leaves: $id rebases the #/components refs inside each former file.
    const broken = document();
    for (const schema of loadSchemas()) {
      const component = broken.components.schemas[schema.title as string];
      if (component) component.$id = schema.$id;
    }
    expect(uncompilable(broken)).toContain('LockUserOfferResponse');
  });

  it('passes Redocly recommended-strict with no problem; a copy with a repeated operationId does not', async () => {
    expect(await redocly(document())).toEqual([]);
    const broken = document();
    broken.paths['/api/2.0/unlock'].post.operationId = 'lockUserOffer';
    delete broken.info.contact;
    expect(await redocly(broken)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^error operation-operationId-unique/)]),
    );
  });

  it('passes Spectral spectral:oas with no error or warning; a copy with an untyped array does not', async () => {
    expect(await spectralProblems(document())).toEqual([]);
    const broken = document();
    delete broken.components.schemas.Discount.properties.discounted_line_ids.items;
    broken.components.responses.PosTooManyRequests.content['application/json'].examples.TOO_MANY_REQUESTS.value = 42;
    const problems = await spectralProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^0 array-items: .*discounted_line_ids/),
        expect.stringMatching(/^0 oas3-valid-media-example: .*TOO_MANY_REQUESTS/),
      ]),
    );
  });
});

describe('what the document says', () => {
  const doc = document();
  const all = operationsOf(doc);

  it('has each documented path, each alias and PATCH lock as a path item and operation of its own', () => {
    const routes = all.map(({ path, method, op }) => [method, path, op.operationId, op.deprecated === true]);
    expect(routes).toEqual([
      ['post', '/api/2.0/offers/management/create', 'createOffer', false],
      ['post', '/api/2.0/offers/fetch_offer', 'fetchOffer', false],
      ['post', '/api/2.0/offers/acquisition/issue', 'issueUserOffer', false],
      ['post', '/api/2.0/offers/user_offer_history', 'getUserOfferHistory', false],
      ['post', '/api/2.0/offers/get_user_offers', 'getUserOffers', false],
      ['post', '/api/2.0/Lookup', 'getUserOffersSamplePath', true],
      ['post', '/api/2.0/lookup', 'getUserOffersLowerCasePath', true],
      ['post', '/api/2.0/offers/redemption/lock', 'lockUserOffer', false],
      ['patch', '/api/2.0/offers/redemption/lock', 'lockUserOfferPatch', false],
      ['post', '/api/2.0/Lock', 'lockUserOfferSamplePath', true],
      ['patch', '/api/2.0/Lock', 'lockUserOfferSamplePathPatch', true],
      ['post', '/api/2.0/lock', 'lockUserOfferLowerCasePath', true],
      ['patch', '/api/2.0/lock', 'lockUserOfferLowerCasePathPatch', true],
      ['post', '/api/2.0/offers/send_transaction', 'sendTransaction', false],
      ['post', '/api/2.0/send_transaction', 'sendTransactionSamplePath', true],
      ['post', '/api/2.0/unlock', 'unlockUserOffer', false],
    ]);
    for (const { op } of all.filter(({ op }) => op['x-alias-of'])) {
      expect(op.description).toMatch(new RegExp(`^\`${op['x-alias-of']}\``));
      if (op.deprecated) expect(op.description).toContain("Deprecated: the seed's URI line names");
    }
  });

  it('gives the mock and the catalog the same routes', () => {
    const lock = loadOperations().find((op) => op.operationId === 'lockUserOffer');
    expect(lock?.methods).toEqual(['POST', 'PATCH']);
    expect(lock?.aliases).toEqual(['/api/2.0/Lock', '/api/2.0/lock']);
    expect(loadOperations().flatMap((op) => op.routes.map((r) => r.operationId))).toEqual(
      expect.arrayContaining(all.map(({ op }) => op.operationId)),
    );
  });

  it('documents every status the mock can send, in the error envelope, with an example carrying its code', () => {
    for (const { method, path, op } of all) {
      const where = `${method} ${path}`;
      const statuses = Object.keys(op.responses).map(Number);
      expect(statuses, where).toEqual(expect.arrayContaining([200, 400, 401, 405, 413, 415, 429, 500, 503]));
      for (const status of statuses.filter((s) => s >= 400)) {
        const response = resolve(doc, op.responses[status]);
        const json = response.content['application/json'];
        expect(json.schema.$ref, `${where} ${status}`).toBe('#/components/schemas/ErrorResponse');
        const examples = Object.entries(json.examples as Record<string, { value: Json }>);
        expect(examples.length, `${where} ${status}`).toBeGreaterThan(0);
        for (const [code, { value }] of examples) {
          expect(value.errors.code, `${where} ${status}`).toBe(code);
          expect(validate('error.response.json', value), `${where} ${status} ${code}`).toEqual({ ok: true });
          expect('payload' in value).toBe(op.tags[0] === 'pos');
        }
      }
      expect(resolve(doc, op.responses[429]).headers, where).toHaveProperty('RetryAfter');
      expect(resolve(doc, op.responses[405]).headers, where).toHaveProperty('Allow');
    }
    expect(doc.components.headers.RetryAfter.schema.type).toBe('integer');
  });

  it('carries the seed samples as examples, and says per operation what is documented and what assumed', () => {
    const seeded = all.filter(({ op }) => op.requestBody.content['application/json'].examples?.seed);
    expect(new Set(seeded.map(({ op }) => op['x-alias-of'] ?? op.operationId))).toEqual(
      new Set([
        'createOffer',
        'fetchOffer',
        'getUserOfferHistory',
        'getUserOffers',
        'lockUserOffer',
        'sendTransaction',
      ]),
    );
    for (const { op } of seeded)
      expect(op.responses['200'].content['application/json'].examples.seed.value).toBeTruthy();
    for (const { path, op } of all) {
      expect(op.description, path).toMatch(/\*\*(Documented|Assumed)\*\*: /);
      expect(op.description, path).toMatch(/\*\*Idempotency\*\*: /);
    }
    const byId = Object.fromEntries(all.map(({ op }) => [op.operationId, op.description as string]));
    expect(byId.issueUserOffer).toContain('**Assumed**');
    expect(byId.unlockUserOffer).toContain('**Assumed**');
    expect(byId.lockUserOffer).toContain("**Documented**: the seed's Step 5");
    expect(byId.lockUserOffer).toContain(
      '- 409 `LOCK_CONFLICT`: the user offer is locked by another transaction (assumed).',
    );
    expect(byId.sendTransaction).toContain('Idempotent by `request_id` (documented: the reference notes)');
  });

  it('names a contact and the servers of both APIs, each path on its own', () => {
    expect(doc.info.contact.url).toMatch(/^https:\/\//);
    expect(doc.servers.map((s: Json) => s.url)).toEqual([
      'https://offers-client.stg-sessionm.com',
      'https://pos-client.stg-sessionm.com',
    ]);
    for (const { path, op } of all) {
      const host = op.tags[0] === 'pos' ? 'pos-client' : 'offers-client';
      expect(doc.paths[path].servers[0].url, path).toContain(host);
    }
  });

  it('declares HTTP Basic, as the seed sends it', () => {
    expect(doc.components.securitySchemes).toEqual({
      basicAuth: expect.objectContaining({ type: 'http', scheme: 'basic' }),
    });
    expect(doc.security).toEqual([{ basicAuth: [] }]);
  });
});

const resolve = (doc: Json, node: Json): Json =>
  typeof node.$ref === 'string' ? doc.components.responses[node.$ref.split('/').pop() as string] : node;
