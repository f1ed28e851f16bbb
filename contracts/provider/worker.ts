// Child process of verify-in-child.ts: runs the verification so the verifier's own console output can be captured
// instead of interleaving with ours. Gets the job over IPC (secrets only from its environment).
import { SessionMClient } from '../../client/client.ts';
import { exitCodes } from '../../client/exit-codes.ts';
import { MockAdminClient } from '../../client/mock-admin.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { fixturesWorld } from './fixtures.ts';
import { stateHandlers } from './handlers.ts';
import { mockWorld } from './mock-world.ts';
import type { InteractionResult } from './results.ts';
import type { VerificationJob } from './verify-in-child.ts';
import { verifyTarget } from './verify-target.ts';

// An error nobody catches (the verifier's proxy throws when the provider refuses a connection) ends the run now,
// with its message, instead of leaving the native verifier retrying for minutes.
process.on('uncaughtException', (error) => {
  // Into the verifier's log (verifier-output.txt) as well.
  console.error(error.stack ?? error.message);
  process.send?.({ fatal: error.message }, () => process.exit(exitCodes.failed));
});

process.once('message', async (job: VerificationJob) => {
  const apiKey = process.env.SESSIONM_API_KEY ?? '';
  const brokerToken = process.env.PACT_BROKER_TOKEN;
  const transport = nodeTransport({ timeoutMs: 15_000 });
  const client = new SessionMClient({ ...job.client, apiKey }, transport);
  const world =
    job.world.kind === 'mock'
      ? mockWorld(new MockAdminClient(job.world.adminUrl, transport))
      : fixturesWorld(job.world.fixtures, new MockAdminClient(job.client.posUrl, transport));
  const setups = stateHandlers(client, world);
  const results: InteractionResult[] = [];
  try {
    for (const target of job.targets) {
      results.push(...(await verifyTarget(target, setups, world, { apiKey, ...(brokerToken ? { brokerToken } : {}) })));
    }
  } finally {
    await transport.close();
  }
  process.send?.({ results }, () => process.exit(exitCodes.ok));
});
