// The consumer side: a PactV4 per consumer/provider pair and the typed client pointed at Pact's mock server.
import { PactV4, SpecificationVersion, type V3MockServer } from '@pact-foundation/pact';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { answerAssumption, type Expectation, type ExpectationKey, expectations, isPending } from '../expectations.ts';
import { type Api, pactDir, participants, placeholderApiKey } from '../names.ts';

export function pactFor(api: Api): PactV4 {
  return new PactV4({
    ...participants[api],
    dir: pactDir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'warn',
  });
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
      return new SessionMClient(config, transport);
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
