// `npm run mock -- --port 8080 [--host H] [--faults FILE]`: the embedded SessionM for laptops and load runs.
// The API key comes from SESSIONM_API_KEY or SESSIONM_API_SECRET (never printed); SIGINT/SIGTERM close the server and exit 0.
import { parseArgs } from 'node:util';
import { apiKeyFromEnv } from '../client/config.ts';
import { exitCodes } from '../client/exit-codes.ts';
import { demo } from '../fixtures/demo.ts';
import { readFaultsFile } from './faults.ts';
import { startMock } from './server.ts';

const usage = `usage: npm run mock -- [--port 8080] [--host 127.0.0.1] [--faults FILE]
  --port    port to listen on (default 8080; 0 picks a free one); the first line printed is "listening on URL"
  --host    address to bind (default 127.0.0.1)
  --faults  a faults file to inject from the start (see mock/README.md and mock/faults/)
  the key is SESSIONM_API_KEY's, or the base64 of client_id:SESSIONM_API_SECRET (default the demo credential);
  SIGINT and SIGTERM stop the server and exit 0
exit codes: 0 stopped by a signal, 1 cannot listen (port in use), 2 bad arguments`;

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      faults: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help' as const;
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) throw new Error(`--port must be 0 to 65535, got "${values.port}"`);
  return { port, host: values.host, ...(values.faults ? { faults: readFaultsFile(values.faults) } : {}) };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof options>;
  let apiKey: string;
  try {
    parsed = options();
    apiKey = parsed === 'help' ? '' : apiKeyFromEnv(process.env);
  } catch (error) {
    console.error(`mock: ${(error as Error).message}\n${usage}`);
    process.exit(exitCodes.refused);
  }
  if (parsed === 'help') {
    console.log(usage);
    return;
  }
  const mock = await startMock({ ...parsed, apiKey }).catch((error: NodeJS.ErrnoException) => {
    const hint = error.code === 'EADDRINUSE' ? ': the port is in use (try --port 0 for a free one)' : '';
    console.error(`mock: cannot listen on ${parsed.host}:${parsed.port}: ${error.code ?? error.message}${hint}`);
    process.exit(exitCodes.failed);
  });
  let stopping = false;
  const stop = async (signal: string) => {
    // A Ctrl-C reaches this process twice (from the terminal, and forwarded by npm): the first one stops it.
    if (stopping) return;
    stopping = true;
    await mock.close();
    console.log(`stopped on ${signal}`);
    process.exit(exitCodes.ok);
  };
  // Before the first line: whoever waits for it may signal right away.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`listening on ${mock.url}`);
  console.log(
    `demo member external_customer_id ${demo.member.externalCustomerId}; admin API under ${mock.url}/__mock/ (see mock/README.md)`,
  );
  if (parsed.faults) {
    console.log(
      `faults: ${parsed.faults.rules.length} rules in force, seed ${parsed.faults.seed ?? 1} (GET /__mock/faults)`,
    );
  }
}

await main();
