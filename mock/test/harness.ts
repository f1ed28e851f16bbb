// A mock on a free loopback port, the project's client against it, and checks that every answer the mock gives
// validates against its schema and that no handler ever failed.
import { expect } from 'vitest';
import { SessionMClient, type Transport } from '../../client/client.ts';
import { configFromEnv, defaults } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { operation } from '../../client/requests.ts';
import { validate, violationText } from '../../schemas/validate.ts';
import { type RunningMock, startMock } from '../server.ts';
import type { StateCounts } from '../store.ts';

export interface Harness {
  mock: RunningMock;
  client: SessionMClient;
  /** Admin call (no auth); answers status and parsed body. */
  admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }>;
  state(): Promise<StateCounts>;
  /** Raw POST to any path, for requests the client would never send. */
  raw(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
  ): Promise<Response>;
  /** Problems seen so far: schema violations of answers, 5xx statuses, logged handler bugs. */
  problems: string[];
  close(): Promise<void>;
}

export const authHeaders = { 'Content-Type': 'application/json', Authorization: `Basic ${defaults.apiKey}` };

function checkingTransport(inner: Transport, problems: string[]): Transport {
  return {
    async send(request) {
      const response = await inner.send(request);
      const schema = response.status === 200 ? operation(request.operationId).responseSchema : 'error.response.json';
      const result = validate(schema, JSON.parse(response.body || 'null'));
      if (!result.ok) problems.push(`${request.operationId} ${response.status}: ${violationText(result.violations)}`);
      if (response.status === 0 || response.status >= 500) problems.push(`${request.operationId} → ${response.status}`);
      return response;
    },
  };
}

export async function startHarness(): Promise<Harness> {
  const problems: string[] = [];
  const mock = await startMock({
    port: 0,
    logError: (message) => problems.push(message),
  });
  const transport = nodeTransport();
  const client = new SessionMClient(
    configFromEnv({ SESSIONM_BASE_URL: mock.url }),
    checkingTransport(transport, problems),
  );
  const raw: Harness['raw'] = async (path, init = {}) => {
    const response = await fetch(mock.url + path, { method: init.method ?? 'POST', ...init });
    if (response.status >= 500) problems.push(`${path} → ${response.status}`);
    return response;
  };
  const admin: Harness['admin'] = async (method, path, body) => {
    const response = await raw(path, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };
  return {
    mock,
    client,
    admin,
    raw,
    problems,
    state: async () => (await admin('GET', '/__mock/state')).body.payload,
    async close() {
      await transport.close();
      await mock.close();
    },
  };
}

/** For afterEach: nothing answered off-schema, nothing failed inside the mock. */
export function expectNoProblems(harness: Harness): void {
  expect(harness.problems).toEqual([]);
  harness.problems.length = 0;
}

/** The error a client call ended with, for `expect(...).toMatchObject({ status, code })`. */
export function failure(result: { ok: boolean; status: number; error?: { errors: { code: string } } | undefined }) {
  expect(result.ok).toBe(false);
  return { status: result.status, code: result.error?.errors.code };
}
