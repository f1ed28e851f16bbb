// The consumer side: a PactV4 per consumer/provider pair and the typed client pointed at Pact's mock server.
import { PactV4, SpecificationVersion, type V3MockServer } from '@pact-foundation/pact';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { type Api, pactDir, participants, placeholderApiKey } from '../names.ts';

export function pactFor(api: Api): PactV4 {
  return new PactV4({
    ...participants[api],
    dir: pactDir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'warn',
  });
}

/** One keep-alive pool per suite; every mock server is a new origin, so nothing is reused across tests. */
export function clientFactory() {
  const transport = nodeTransport({ connections: 2, timeoutMs: 5_000 });
  return {
    clientAt(mockServer: V3MockServer, apiKey: string = placeholderApiKey) {
      const config = configFromEnv({}, { offersUrl: mockServer.url, posUrl: mockServer.url, apiKey });
      return new SessionMClient(config, transport);
    },
    close: () => transport.close(),
  };
}
