// The verifier child's empty trust store is for jobs that make no TLS connection: pact files on disk only.
import { devNull } from 'node:os';
import { describe, expect, it } from 'vitest';
import { trustStoreEnv } from '../provider/verify-in-child.ts';

const broker = { url: 'https://broker.example', consumerVersionSelectors: [], enablePending: false };

describe('trustStoreEnv', () => {
  it('empties the store when every pact is a file on disk', () => {
    expect(trustStoreEnv([{ pactUrls: ['/tmp/a.json'] }, { pactUrls: ['pacts/b.json'] }])).toEqual({
      SSL_CERT_FILE: devNull,
      SSL_CERT_DIR: devNull,
    });
  });

  it("keeps the system's store when any pact comes over the network", () => {
    expect(trustStoreEnv([{ pactUrls: ['/tmp/a.json'] }, { broker }])).toEqual({});
    expect(trustStoreEnv([{ pactUrls: ['/tmp/a.json', 'https://broker.example/pacts/1'] }])).toEqual({});
    expect(trustStoreEnv([{ pactUrls: ['HTTP://broker.example/pacts/1'] }])).toEqual({});
    expect(trustStoreEnv([{}])).toEqual({});
  });
});
