// The consumer side: a PactV4 per consumer/provider pair, the typed client pointed at Pact's mock server, and each
// interaction built from its row of a consumer's table (pos.ts, offers.ts) and its expectation (expectations.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { PactV4, SpecificationVersion, type V3MockServer } from '@pact-foundation/pact';
import { getFfiLib } from '@pact-foundation/pact-core';
import { SessionMClient, type Transport } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { operation } from '../../client/requests.ts';
import type { ApiResult } from '../../client/responses.ts';
import type { OperationId } from '../../schemas/generated/operations.ts';
import { answerAssumption, type Expectation, type ExpectationKey, expectations, isPending } from '../expectations.ts';
import { type Api, invalidApiKey, pactDir, participants, placeholderApiKey } from '../names.ts';
import type { StateName } from '../states.ts';
import { errorReply, requestHeaders, responseHeaders, successStatus } from './bodies.ts';

export function pactFor(api: Api, dir: string = pactDir): PactV4 {
  return new PactV4({
    ...participants[api],
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'warn',
  });
}

/** What a mock server reports: interactions it has not yet been sent, and requests it could not match. */
interface Tally {
  missing: number;
  unmatched: number;
}

function tally(port: number): Tally {
  const results = JSON.parse(getFfiLib().pactffiMockServerMismatches(port) || '[]') as { type: string }[];
  const missing = results.filter((result) => result.type === 'missing-request').length;
  return { missing, unmatched: results.length - missing };
}

/** Only bounds a stalled mock server; executeTest then reports the request as missing, as it would have anyway. */
const recordingDeadlineMs = 5_000;

/**
 * Waits until the mock server has recorded the request it just answered. Pact-core 19's mock server answers first
 * and records the match from a queue on another task (pact_mock_server 2.2.1, hyper_server.rs handle_request), so
 * executeTest, which reads the record as soon as the test function returns, saw an answered request as "expected
 * but not received" under CPU load (pact-reference #535; fixed in pact_mock_server 2.2.4, pact-core 20, Node 22).
 */
async function untilRecorded(port: number, before: Tally, answer: { status: number; body: string }): Promise<void> {
  const refusedByPact = answer.status === 500 && answer.body.startsWith('{"error"');
  // A repeat of an interaction already matched changes no record, so there is nothing to wait for.
  if (before.missing === 0 && !refusedByPact) return;
  const deadline = Date.now() + recordingDeadlineMs;
  for (;;) {
    const now = tally(port);
    if (now.missing < before.missing || now.unmatched > before.unmatched || Date.now() > deadline) return;
    await sleep(1);
  }
}

/** The client's own transport, handing each answer over once the mock server has recorded its request. */
function recordedTransport(mockServer: V3MockServer, inner: Transport): Transport {
  return {
    async send(request) {
      const before = tally(mockServer.port);
      const answer = await inner.send(request);
      if (answer.status !== 0) await untilRecorded(mockServer.port, before, answer);
      return answer;
    },
  };
}

/**
 * A fresh connection pool per mock server: Pact's mock servers come and go on free ports, and a pooled socket to a
 * closed server whose port was handed out again would send the next test's request nowhere.
 */
export function clientFactory() {
  const transports: ReturnType<typeof nodeTransport>[] = [];
  return {
    clientAt(mockServer: V3MockServer, apiKey: string = placeholderApiKey) {
      const transport = nodeTransport({ connections: 1, timeoutMs: 5_000 });
      transports.push(transport);
      const config = configFromEnv({}, { offersUrl: mockServer.url, posUrl: mockServer.url, apiKey });
      return new SessionMClient(config, recordedTransport(mockServer, transport));
    },
    close: async () => {
      await Promise.all(transports.splice(0).map((t) => t.close()));
    },
  };
}

/** Where an expectation comes from, in words, for the pact's comments. */
function provenanceComments(e: Expectation): string[] {
  const rule =
    e.rule.kind === 'assumed'
      ? `assumed (pending): ${e.rule.assumption}`
      : `documented: ${e.rule.cite.map((c) => `${c.doc === 'seed' ? 'seed' : 'public notes'}, ${c.section}: ${c.says}`).join('; ')}`;
  return e.answer.kind === 'error' ? [rule, `assumed: ${answerAssumption(e)}`] : [rule];
}

/**
 * A new interaction as contracts/expectations.ts declares it: its description, its provenance as comments, and
 * pending when it tests a rule the sources are silent on.
 */
export function interaction(pact: PactV4, key: ExpectationKey) {
  const e: Expectation = expectations[key];
  let next = pact.addInteraction().uponReceiving(e.description);
  for (const text of provenanceComments(e)) next = next.comment(text);
  return isPending(e) ? next.pending() : next;
}

/** One interaction of a consumer's table; its description, provenance, status and error body come from its expectation. */
export interface ConsumerCase<Op extends OperationId = OperationId> {
  key: ExpectationKey;
  /** Provider states in order, with their params. */
  given: readonly (readonly [StateName, Record<string, string | number>?])[];
  /** The request body, with matchers. */
  body: unknown;
  /** A success's answer body, with matchers. */
  answer?: unknown;
  /** What the consumer does, with the client Pact's mock server answers (a bad-key case's client sends a bad key). */
  call(client: SessionMClient): Promise<ApiResult<Op>>;
  /** A success: what the client reads from the answer, which must equal `wants`. */
  reads?(result: ApiResult<Op>): unknown;
  wants?: unknown;
}

/** Types a row by its operation, so `reads` sees that operation's result. */
export const consumerCase = <Op extends OperationId>(row: ConsumerCase<Op>): ConsumerCase => row;

/** A bad-key expectation (INVALID_API_KEY): the consumer sends a well-formed key no provider accepts. */
const apiKeyOf = (e: Expectation) =>
  e.answer.kind === 'error' && e.answer.code === 'INVALID_API_KEY' ? invalidApiKey : undefined;

/** What the client made of the answer, next to what it must make of it; undefined when they agree. */
function misread(e: Expectation, row: ConsumerCase, result: ApiResult<OperationId>): string | undefined {
  const [read, wanted] =
    e.answer.kind === 'error'
      ? [
          { ok: result.ok, status: result.status, code: result.ok ? undefined : result.error?.errors.code },
          { ok: false, status: e.answer.status, code: e.answer.code },
        ]
      : [row.reads?.(result), row.wants];
  return isDeepStrictEqual(read, wanted)
    ? undefined
    : `the client read ${JSON.stringify(read)}, not ${JSON.stringify(wanted)}`;
}

/** Builds the row's interaction, runs the client against Pact's mock server and checks what it read. */
export async function runCase(
  pact: PactV4,
  clients: ReturnType<typeof clientFactory>,
  row: ConsumerCase,
): Promise<void> {
  const e: Expectation = expectations[row.key];
  const apiKey = apiKeyOf(e);
  const op = operation(e.operationId);
  let next = interaction(pact, row.key);
  for (const [state, params] of row.given) next = next.given(state, params);
  const requested = next.withRequest(op.methods[0], op.path, (b) =>
    b.headers(requestHeaders(apiKey)).jsonBody(row.body),
  );
  const answered =
    e.answer.kind === 'error'
      ? requested.willRespondWith(...errorReply(row.key))
      : requested.willRespondWith(successStatus(row.key), (b) => b.headers(responseHeaders).jsonBody(row.answer));
  await answered.executeTest(async (server) => {
    const problem = misread(e, row, await row.call(clients.clientAt(server, apiKey)));
    if (problem) throw new Error(`${row.key}: ${problem}`);
  });
}
