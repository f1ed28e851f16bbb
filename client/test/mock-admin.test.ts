import { describe, expect, it } from 'vitest';
import { demoState } from '../../fixtures/demo.ts';
import type { Transport } from '../client.ts';
import { buildAdminRequest, MockAdminClient } from '../mock-admin.ts';
import type { HttpRequest } from '../requests.ts';
import { describeFailure, failureCause } from '../responses.ts';

/** Answers every request with `status` and `body`, and keeps what was sent. */
function answering(status: number, body: unknown) {
  const sent: HttpRequest<string>[] = [];
  const transport: Transport<string> = {
    async send(request) {
      sent.push(request);
      return { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
    },
  };
  return { sent, client: new MockAdminClient('http://127.0.0.1:1', transport) };
}

describe('buildAdminRequest', () => {
  it('takes method and path from schemas/mock-admin.ts, sends JSON only to routes that read a body', () => {
    expect(buildAdminRequest('http://m', 'mockState', undefined)).toEqual({
      operationId: 'mockState',
      method: 'GET',
      url: 'http://m/__mock/state',
      headers: { Accept: 'application/json' },
      body: '',
    });
    const seed = buildAdminRequest('http://m', 'mockSeed', { users: 2, offers_per_user: 0 });
    expect(seed).toMatchObject({
      method: 'POST',
      url: 'http://m/__mock/seed',
      body: '{"users":2,"offers_per_user":0}',
    });
    expect(seed.headers['Content-Type']).toBe('application/json');
    expect(buildAdminRequest('http://m', 'mockClearFaults', undefined)).toMatchObject({ method: 'DELETE' });
  });
});

describe('MockAdminClient', () => {
  it("answers the mock's state, typed", async () => {
    const { client, sent } = answering(200, { status: 'ok', payload: demoState });
    expect(await client.state()).toEqual({
      ok: true,
      operationId: 'mockState',
      status: 200,
      body: { status: 'ok', payload: demoState },
    });
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['GET http://127.0.0.1:1/__mock/state']);
  });

  it("fails a 200 that is not the mock's answer, naming the JSON path", async () => {
    const { client } = answering(200, { status: 'ok', payload: { accepted: 3 } });
    const result = await client.state();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(failureCause(result)).toEqual({ kind: 'schema', status: 200 });
    expect(describeFailure(result)).toMatch(
      /^mockState → 200 off its response schema: \/payload\/offers: is required;/,
    );
  });

  it('passes on the error envelope of a refusal, and no answer at all', async () => {
    const refused = await answering(409, {
      status: 'error',
      errors: { code: 'USER_EXISTS', message: 'taken' },
    }).client.addUser({ external_customer_id: 'x' });
    expect(refused).toMatchObject({ ok: false, status: 409, error: { errors: { code: 'USER_EXISTS' } } });
    const gone: Transport<string> = { send: async () => ({ status: 0, body: '', error: 'connect ECONNREFUSED' }) };
    const none = await new MockAdminClient('http://127.0.0.1:1', gone).reset();
    expect(none.ok ? undefined : failureCause(none)).toMatchObject({ kind: 'refused' });
  });
});
