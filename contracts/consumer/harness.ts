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
