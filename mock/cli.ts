// `npm run mock -- --port 8080 [--host H] [--faults FILE]`: the embedded SessionM for laptops and load runs.
// The API key comes from SESSIONM_API_KEY or SESSIONM_API_SECRET (never printed); SIGINT/SIGTERM close the server and exit 0.
import { parseArgs } from 'node:util';
import { apiKeyFromEnv } from '../client/config.ts';
import { readFaultsFile } from './faults.ts';
import { startMock } from './server.ts';

const usage =
  'usage: npm run mock -- [--port 8080] [--host 127.0.0.1] [--faults FILE]   (--port 0 picks a free port; faults: mock/README.md)';

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      faults: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw new Error(`--port must be 0 to 65535, got "${values.port}"`);
  return { port, host: values.host, ...(values.faults ? { faults: readFaultsFile(values.faults) } : {}) };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof options>;
  let apiKey: string;
  try {
    parsed = options();
    apiKey = apiKeyFromEnv(process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const mock = await startMock({ ...parsed, apiKey }).catch((error: NodeJS.ErrnoException) => {
    console.error(`cannot listen on ${parsed.host}:${parsed.port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  const stop = async (signal: string) => {
    await mock.close();
    console.log(`stopped on ${signal}`);
    process.exit(0);
  };
  // Before the first line: whoever waits for it may signal right away.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`listening on ${mock.url}`);
  console.log(`demo member external_customer_id 14311211; admin API under ${mock.url}/__mock/ (see mock/README.md)`);
  if (parsed.faults) {
    console.log(
      `faults: ${parsed.faults.rules.length} rules in force, seed ${parsed.faults.seed ?? 1} (GET /__mock/faults)`,
    );
  }
}

await main();
