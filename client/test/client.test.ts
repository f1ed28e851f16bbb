import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleBasket } from '../../fixtures/baskets.ts';
import { validate } from '../../schemas/validate.ts';
import { SessionMClient } from '../client.ts';
import { basicCredential, configFromEnv } from '../config.ts';
import { nodeTransport } from '../node-transport.ts';
import { buildPosRequest, operation } from '../requests.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

let server: Server;
let seen: Seen[] = [];
let answers: Array<{ status: number; body: string }> = [];
const transport = nodeTransport();
const unitTestKey = basicCredential('unit-test', 'key');
let client: SessionMClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      const answer = answers.shift() ?? { status: 200, body: '{"status":"OK","payload":null,"errors":null}' };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: base, SESSIONM_API_KEY: unitTestKey }), transport);
});
afterAll(async () => {
  await transport.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  answers = [];
});

describe('request builders', () => {
  it('wrap POS payloads in the envelope with a fresh request_id each time', () => {
    const config = configFromEnv({});
    const payload = { external_customer_id: '14311211' };
    const first = buildPosRequest(config, 'getUserOffers', payload);
    const second = buildPosRequest(config, 'getUserOffers', payload);
    const body = JSON.parse(first.body);
    expect(body).toMatchObject({ store_id: config.storeId, client_id: config.clientId, request_payload: payload });
    expect(body.request_id).not.toBe(JSON.parse(second.body).request_id);
    expect(validate('get-user-offers.request.json', body)).toEqual({ ok: true });
    expect(first).toMatchObject({ method: 'POST', url: `${config.posUrl}/api/2.0/offers/get_user_offers` });
    expect(first.headers.Authorization).toBe(`Basic ${config.apiKey}`);
  });
});

describe('SessionMClient over loopback HTTP', () => {
  it('sends every operation to its documented path with a body its request schema accepts', async () => {
    const basket = sampleBasket('txn-1');
    const userOfferId = '757144c2-6693-4a29-9f2c-f1d3aa2fa24f';
    await client.fetchOffer('c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a', 'en-us');
    await client.issueUserOffer('7a5d1ba6-b1e3-11e8-842b-88002c64166c', 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a');
    await client.getUserOfferHistory(['7802673c-0c37-11e8-8ca7-2605c0686dd6'], { skip: 0, take: 1 });
    await client.getUserOffers({ external_customer_id: '14311211' });
    await client.lockUserOffer(userOfferId, basket);
    await client.sendTransaction({ ...basket, is_closed: 'true' });
    await client.unlockUserOffer(userOfferId, '1000');
    const ids = [
      'fetchOffer',
      'issueUserOffer',
      'getUserOfferHistory',
      'getUserOffers',
      'lockUserOffer',
      'sendTransaction',
      'unlockUserOffer',
    ] as const;
    expect(seen.map((s) => s.url)).toEqual(ids.map((id) => operation(id).path));
    ids.forEach((id, i) => {
      expect(validate(operation(id).requestSchema, seen[i]?.body), id).toEqual({ ok: true });
      expect(seen[i]?.headers.authorization).toBe(`Basic ${unitTestKey}`);
    });
  });

  it('returns the typed body on success and the error envelope on failure', async () => {
    answers.push(
      { status: 200, body: '{"status":"ok","payload":{"user_offer_id":"2e7d2237-2879-482b-b37b-3afc1d3f1ff2"}}' },
      { status: 409, body: '{"status":"error","payload":null,"errors":{"code":"LOCK_CONFLICT","message":"held"}}' },
      { status: 502, body: '<html>bad gateway</html>' },
    );
    const issued = await client.issueUserOffer(
      '7a5d1ba6-b1e3-11e8-842b-88002c64166c',
      'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a',
    );
    expect(issued.ok && issued.body.payload.user_offer_id).toBe('2e7d2237-2879-482b-b37b-3afc1d3f1ff2');
    const conflict = await client.lockUserOffer('757144c2-6693-4a29-9f2c-f1d3aa2fa24f', sampleBasket('t'));
    expect(conflict).toMatchObject({ ok: false, status: 409, error: { errors: { code: 'LOCK_CONFLICT' } } });
    const gateway = await client.getUserOffers({ external_customer_id: '1' });
    expect(gateway).toMatchObject({ ok: false, status: 502, error: undefined, text: '<html>bad gateway</html>' });
  });

  it('retries a lost send_transaction with the same request_id', async () => {
    answers.push({ status: 503, body: '' }, { status: 503, body: '' });
    const result = await client.sendTransaction({ ...sampleBasket('txn-2'), is_closed: 'true' }, { retries: 2 });
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.body.request_id)).size).toBe(1);
  });

  it('does not retry unless asked', async () => {
    answers.push({ status: 503, body: '' });
    const result = await client.sendTransaction({ ...sampleBasket('txn-3'), is_closed: 'true' });
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(seen).toHaveLength(1);
  });

  it('reports an unreachable target as status 0 instead of throwing', async () => {
    const closed = nodeTransport();
    const offline = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: 'http://127.0.0.1:9' }), closed);
    const result = await offline.getUserOffers({ external_customer_id: '1' });
    await closed.close();
    expect(result).toMatchObject({ ok: false, status: 0 });
  });
});
