// A mock on a free loopback port, the project's client against it, and checks that every answer the mock gives
// validates against its schema and that no handler ever failed.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { SessionMClient, type Transport } from '../../client/client.ts';
import { configFromEnv, defaults } from '../../client/config.ts';
import { MockAdminClient } from '../../client/mock-admin.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { operation } from '../../client/requests.ts';
import type { CallResult } from '../../client/responses.ts';
import type { MockState } from '../../schemas/generated/types.ts';
import { validate, violationText } from '../../schemas/validate.ts';
import { type RunningMock, startMock } from '../server.ts';

export interface Harness {
  mock: RunningMock;
  client: SessionMClient;
  /** The admin API's client (its answers held to their schemas). */
  admin: MockAdminClient;
  /** The same for another mock. */
  adminAt(url: string): MockAdminClient;
  state(): Promise<MockState>;
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
  const admin = new MockAdminClient(mock.url, transport);
  return {
    mock,
    client,
    admin,
    adminAt: (url) => new MockAdminClient(url, transport),
    raw,
    problems,
    state: async () => bodyOf(await admin.state()).payload,
    async close() {
      await transport.close();
      await mock.close();
    },
  };
}

/**
 * The harness of a test file: started before its tests and closed after them; every test starts from the demo data
 * set and must end with no problem seen. Read it inside tests and hooks only (it starts in beforeAll).
 */
export function useHarness(): Harness {
  let started: Harness | undefined;
  const harness = () => {
    if (!started) throw new Error('the harness starts in beforeAll: read it inside a test or a hook');
    return started;
  };
  beforeAll(async () => {
    started = await startHarness();
  });
  afterAll(() => started?.close());
  beforeEach(async () => {
    await harness().admin.reset();
  });
  afterEach(() => expectNoProblems(harness()));
  return new Proxy({} as Harness, { get: (_, key) => Reflect.get(harness(), key) });
}

/** For afterEach: nothing answered off-schema, nothing failed inside the mock. */
export function expectNoProblems(harness: Harness): void {
  expect(harness.problems).toEqual([]);
  harness.problems.length = 0;
}

/** The body of a call that must succeed (an API or an admin call). */
export function bodyOf<Body>(result: CallResult<string, Body>): Body {
  if (!result.ok) throw new Error(`expected a success, got ${result.status}: ${result.text}`);
  return result.body;
}

/** The error a client call ended with, for `expect(...).toMatchObject({ status, code })`. */
export function failure(result: { ok: boolean; status: number; error?: { errors: { code: string } } | undefined }) {
  expect(result.ok).toBe(false);
  return { status: result.status, code: result.error?.errors.code };
}
