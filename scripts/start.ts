// `npm start`: the main job against the embedded mock.
import { SessionMClient } from '../client/client.ts';
import { configFromEnv } from '../client/config.ts';
import { nodeTransport } from '../client/node-transport.ts';
import { startMock } from '../mock/server.ts';
import { walkWorkflow } from './walkthrough.ts';

const demoMember = '14311211';

async function main(): Promise<number> {
  const mock = await startMock({ port: 0 });
  const transport = nodeTransport();
  try {
    console.log(`embedded SessionM mock on ${mock.url}`);
    const client = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: mock.url }), transport);
    await walkWorkflow(client, demoMember, (line) => console.log(line));
    console.log('workflow: passed');
    return 0;
  } catch (error) {
    console.error(`workflow: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await transport.close();
    await mock.close();
  }
}

process.exitCode = await main();
