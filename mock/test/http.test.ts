import { request as httpRequest } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { buildPosRequest } from '../../client/requests.ts';
import { sampleBasket } from '../../fixtures/baskets.ts';
import { demo } from '../../fixtures/demo.ts';
import { loadOperations } from '../../schemas/catalog.ts';
import type { MockState } from '../../schemas/generated/types.ts';
import { validate } from '../../schemas/validate.ts';
import { startMock } from '../server.ts';
import { authHeaders, useHarness } from './harness.ts';

const h = useHarness();
let before: MockState;
beforeEach(async () => {
  before = await h.state();
});

/** A lock of a demo user offer: accepted, it would change the state. */
const lockRequest = (basketExtra: Record<string, unknown> = {}) =>
  buildPosRequest(
    h.client.config,
    'lockUserOffer',
    { ...lockPayload(), transaction: { ...sampleBasket('txn-http'), ...basketExtra } },
    `req-${Math.random()}`,
  );
const lockPayload = () => ({
  offer_lookup_code: demo.offers.fiveOff.userOfferId,
  offer_lookup_type: 'userofferid' as const,
  transaction: sampleBasket('txn-http'),
});
const lockPath = '/api/2.0/offers/redemption/lock';

async function expectError(response: Response, status: number, code: string): Promise<any> {
  const body: any = await response.json();
  expect(response.status).toBe(status);
  expect(body.errors.code).toBe(code);
  expect(validate('error.response.json', body)).toEqual({ ok: true });
  expect(await h.state()).toEqual(before);
  return body;
}

const routes = loadOperations().flatMap((op) =>
  op.routes.map(({ path, method }) => ({ path, method, pos: op.api === 'pos' })),
);

const b64 = (text: string) => Buffer.from(text).toString('base64');
const refusedAuthorizations: [string, string | undefined][] = [
  ['missing', undefined],
  ['not base64', 'Basic demo-api-key'],
  ['base64 without padding', `Basic ${defaults.apiKey.replace(/=+$/, '')}x`],
  ['bad base64 characters', 'Basic !!!!'],
  ['base64 of text without a colon', `Basic ${b64(defaults.clientId)}`],
  ['the right client_id with another secret', `Basic ${basicCredential(defaults.clientId, 'other')}`],
  ['another scheme', `Bearer ${defaults.apiKey}`],
  ['no credential', 'Basic '],
];

describe('authentication', () => {
  it.each(routes)('$method $path answers 401 INVALID_API_KEY without the right key', async ({ path, method, pos }) => {
    const body = lockRequest().body;
    for (const headers of [{ 'Content-Type': 'application/json' }, { ...authHeaders, Authorization: 'Basic wrong' }]) {
      const error = await expectError(await h.raw(path, { method, headers, body }), 401, 'INVALID_API_KEY');
      expect('payload' in error).toBe(pos);
    }
  });

  it.each(refusedAuthorizations)('refuses a credential that is %s with 401 and the envelope', async (_, value) => {
    const { Authorization: _right, ...rest } = authHeaders;
    const headers = value === undefined ? rest : { ...rest, Authorization: value };
    const response = await h.raw(lockPath, { headers, body: lockRequest().body });
    expect(response.headers.get('www-authenticate')).toBe('Basic');
    const error = await expectError(response, 401, 'INVALID_API_KEY');
    expect(error.errors.message).toMatch(/Basic|not known/);
  });

  it('accepts the Basic scheme in any letter case, as RFC 7617 has it', async () => {
    const request = lockRequest();
    const headers = { ...request.headers, Authorization: `bAsIc ${defaults.apiKey}` };
    expect((await h.raw(lockPath, { headers, body: request.body })).status).toBe(200);
  });

  it('refuses to start with a key that is no Basic credential', async () => {
    await expect(startMock({ port: 0, apiKey: 'demo-api-key' })).rejects.toThrow(/base64 of client_id:secret/);
  });

  it('serves PATCH on every lock path, as the seed allows', async () => {
    for (const path of ['/api/2.0/Lock', '/api/2.0/lock', lockPath]) {
      const request = lockRequest();
      const response = await h.raw(path, { method: 'PATCH', headers: request.headers, body: request.body });
      expect(response.status).toBe(200);
      expect(validate('lock-user-offer.response.json', await response.json())).toEqual({ ok: true });
    }
  });
});

describe('bad input changes nothing', () => {
  it('malformed JSON is 400 INVALID_JSON', async () => {
    await expectError(await h.raw(lockPath, { headers: authHeaders, body: '{"store_id": ' }), 400, 'INVALID_JSON');
    await expectError(await h.raw(lockPath, { headers: authHeaders, body: '' }), 400, 'INVALID_JSON');
  });

  it('a body that is not valid UTF-8 is 400 INVALID_JSON, even when the JSON around the bad bytes is fine', async () => {
    const bytes = Buffer.from(lockRequest({ channel: 'BAD-BYTES' }).body);
    const at = bytes.indexOf('BAD-BYTES');
    expect(at).toBeGreaterThan(0);
    const broken = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe]), bytes.subarray(at + 9)]);
    const error = await expectError(await h.raw(lockPath, { headers: authHeaders, body: broken }), 400, 'INVALID_JSON');
    expect(error.errors.message).toMatch(/UTF-8/);
  });

  it('a body that is not application/json is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { body } = lockRequest();
    const textPlain = { ...authHeaders, 'Content-Type': 'text/plain' };
    await expectError(await h.raw(lockPath, { headers: textPlain, body }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const formData = { ...authHeaders, 'Content-Type': 'application/x-www-form-urlencoded' };
    await expectError(await h.raw(lockPath, { headers: formData, body }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body breaking the schema is 400 VALIDATION naming each JSON path', async () => {
    const request = lockRequest({ subtotal: 'eleven' });
    const broken = JSON.parse(request.body);
    delete broken.request_payload.offer_lookup_code;
    const response = await h.raw(lockPath, { headers: request.headers, body: JSON.stringify(broken) });
    const error = await expectError(response, 400, 'VALIDATION');
    const paths = error.errors.validation_errors.map((v: { path: string }) => v.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/request_payload/offer_lookup_code', '/request_payload/transaction/subtotal']),
    );
    expect(error.errors.message).toContain('/request_payload/transaction/subtotal');
    expect(error.payload).toBeNull();
  });

  it('an unknown path is 404 NOT_FOUND and a wrong method 405 with Allow', async () => {
    await expectError(await h.raw('/api/2.0/nothing', { headers: authHeaders, body: '{}' }), 404, 'NOT_FOUND');
    const get = await h.raw('/api/2.0/Lookup', { method: 'GET', headers: authHeaders });
    expect(get.headers.get('allow')).toBe('POST');
    await expectError(get, 405, 'METHOD_NOT_ALLOWED');
    const put = await h.raw(lockPath, { method: 'PUT', headers: authHeaders, body: lockRequest().body });
    expect(put.headers.get('allow')).toBe('POST, PATCH');
    await expectError(put, 405, 'METHOD_NOT_ALLOWED');
  });

  it('a body over 1 MiB is 413 PAYLOAD_TOO_LARGE, declared or streamed', async () => {
    const request = lockRequest({ table_id: 'x'.repeat(1024 * 1024) });
    await expectError(
      await h.raw(lockPath, { headers: request.headers, body: request.body }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(h.mock.url + lockPath, { method: 'POST', headers: request.headers }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      // Chunked: the mock learns the size only while reading.
      for (let i = 0; i < 20; i++) req.write(request.body.slice(i * 60_000, (i + 1) * 60_000));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).errors.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await h.state()).toEqual(before);
  });

  it('the same lock, well formed, does change the state: the checks above are not vacuous', async () => {
    const request = lockRequest();
    const response = await h.raw(lockPath, { headers: request.headers, body: request.body });
    expect(response.status).toBe(200);
    expect(await h.state()).toMatchObject({ locks: before.locks + 1 });
  });
});

describe('a handler bug', () => {
  it('becomes a 500 envelope and is logged, and the server keeps serving', async () => {
    const logged: string[] = [];
    const mock = await startMock({ logError: (message) => logged.push(message) });
    try {
      mock.store.findUser = () => {
        throw new TypeError('planted bug');
      };
      const request = buildPosRequest(h.client.config, 'getUserOffers', { external_customer_id: '14311211' });
      const response = await fetch(`${mock.url}/api/2.0/Lookup`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      const body = await response.json();
      expect(response.status).toBe(500);
      expect(body).toMatchObject({ status: 'error', payload: null, errors: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(logged).toEqual(['mock: internal error on POST /api/2.0/Lookup']);
      expect((await h.adminAt(mock.url).state()).ok).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
