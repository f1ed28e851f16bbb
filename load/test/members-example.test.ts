// load/data/members.example.json is the MEMBERS_FILE a new user tries first: against the embedded mock it must
// name members that exist, with their real user ids, or half the flows fail with USER_NOT_FOUND.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';

const here = import.meta.dirname;
const file = join(here, '../data/members.example.json');
const members = JSON.parse(readFileSync(file, 'utf8')) as { external_customer_id: string; user_id?: string }[];

describe('the members example', () => {
  let mock: RunningMock;
  const transport = nodeTransport();
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
  });
  afterAll(async () => {
    await transport.close();
    await mock.close();
  });

  it('names only members of the mock demo data (and their real user ids, where given)', async () => {
    expect(members.length).toBeGreaterThan(0);
    const client = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: mock.url }), transport);
    for (const member of members) {
      const lookup = await client.getUserOffers({ external_customer_id: member.external_customer_id });
      expect(lookup.ok, `${member.external_customer_id}: ${lookup.status}`).toBe(true);
      if (lookup.ok && member.user_id) expect(lookup.body.payload[0]?.user_reference_id).toBe(member.user_id);
    }
  });
});
