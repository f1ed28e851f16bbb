// `npm run mock:bench`: Lookup req/s of the mock against a bare node:http server answering the same number of
// bytes, both driven by autocannon on loopback, alternating runs (loopback results drift by about ±15 %). Also the
// server's CPU time per request (from /proc): on a busy machine that ratio is steadier than req/s.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import { configFromEnv, defaults } from '../client/config.ts';
import { buildPosRequest } from '../client/requests.ts';

const usage = `usage: npm run mock:bench -- [--duration 5] [--connections 50] [--rounds 2]
  Lookup req/s of the mock against a bare node:http server, both driven by autocannon on loopback
  --duration     seconds per run (default 5)
  --connections  autocannon connections (default 50)
  --rounds       alternating rounds (default 2)`;

function args() {
  try {
    return parseArgs({
      options: {
        duration: { type: 'string', default: '5' },
        connections: { type: 'string', default: '50' },
        rounds: { type: 'string', default: '2' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    console.error(`mock:bench: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}
const values = args();
if (values.help) {
  console.log(usage);
  process.exit(0);
}

/** Starts a server child and answers its URL, read from the "listening on URL" line it prints first. */
async function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve),
  );
  const url = /^listening on (\S+)$/.exec(line)?.[1];
  if (!url) throw new Error(`unexpected first line: ${line}`);
  return { child, url };
}

const bareServer = (bytes: number) => `
  const body = Buffer.alloc(${bytes}, 'x');
  const server = require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65000;
  server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
  process.on('SIGTERM', () => process.exit(0));`;

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/** CPU seconds a process has used so far (Linux /proc, utime + stime in clock ticks of 1/100 s). */
function cpuSeconds(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(server: { child: ChildProcess; url: string }, body: string) {
  const cpuBefore = cpuSeconds(server.child);
  const result = await load(server.url + path, body);
  const cpuMicrosPerRequest = ((cpuSeconds(server.child) - cpuBefore) * 1e6) / result.requests.total;
  return { ...result, cpuMicrosPerRequest };
}

async function load(url: string, body: string): Promise<Result> {
  const { stdout } = await promisify(execFile)(
    'node_modules/.bin/autocannon',
    [
      ...['-c', values.connections, '-d', values.duration, '-m', 'POST', '-j', '-I'],
      ...['-H', 'Content-Type=application/json', '-H', `Authorization=Basic ${defaults.apiKey}`, '-b', body],
      url,
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Result;
}

const config = configFromEnv({});
// autocannon's -I puts a fresh id in place of [<id>]: every request is new work, not an idempotent replay.
const lookupBody = buildPosRequest(config, 'getUserOffers', { external_customer_id: '14311211' }, '[<id>]').body;

const mock = await serve(['--import', 'tsx', 'mock/cli.ts', '--port', '0']);
const path = '/api/2.0/Lookup';
const sample = await fetch(mock.url + path, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: `Basic ${config.apiKey}` },
  body: lookupBody.replace('[<id>]', 'bench-sample'),
});
const bytes = (await sample.arrayBuffer()).byteLength;
const bare = await serve(['-e', bareServer(bytes)]);

try {
  console.log(`Lookup answer ${bytes} bytes; ${values.connections} connections, ${values.duration} s per run`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    const ofMock = await measure(mock, lookupBody);
    const ofBare = await measure(bare, lookupBody);
    const line = (name: string, r: Awaited<ReturnType<typeof measure>>) =>
      `${name} ${Math.round(r.requests.average)} req/s, ${r.cpuMicrosPerRequest.toFixed(1)} CPU µs/req, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`;
    console.log(`round ${round}: ${line('mock', ofMock)}`);
    console.log(`round ${round}: ${line('bare', ofBare)}`);
    const reqRatio = ofMock.requests.average / ofBare.requests.average;
    const cpuRatio = ofBare.cpuMicrosPerRequest / ofMock.cpuMicrosPerRequest;
    console.log(`round ${round}: mock/bare req/s ${reqRatio.toFixed(2)}, by CPU per request ${cpuRatio.toFixed(2)}`);
  }
} finally {
  mock.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
}
