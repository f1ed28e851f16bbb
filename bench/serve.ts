// A server child for the bench: `serve.ts bare BYTES | delay MS [EXACT] | stall PERIOD_MS PAUSE_MS`.
// Prints "listening on URL" first; runs until killed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { exitWithParent } from './procs.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const small = Buffer.from('{"status":"ok"}');

function reply(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

/** Reads the whole request body first, as the mock does, then answers. */
const afterBody =
  (answer: (res: ServerResponse, arrived: number) => void): Handler =>
  (req, res) => {
    const arrived = performance.now();
    req.resume();
    req.on('end', () => answer(res, arrived));
  };

/**
 * Answers queued in due order (a FIFO: every delay of a server is the same, so arrival order is due order) by one
 * timer; with `exact`, the last millisecond is spun out on setImmediate turns, since timers fire up to 1 ms late.
 */
function replyQueue(body: Buffer, exact: boolean) {
  let queue: { at: number; res: ServerResponse }[] = [];
  let head = 0;
  let pumping = false;
  const pump = () => {
    const now = performance.now();
    for (let next = queue[head]; next && next.at <= now; next = queue[++head]) reply(next.res, body);
    if (head > 4096) {
      queue = queue.slice(head);
      head = 0;
    }
    const next = queue[head];
    pumping = next !== undefined;
    if (!next) return;
    const wait = next.at - now;
    if (!exact) setTimeout(pump, wait);
    else if (wait > 1) setTimeout(pump, wait - 1);
    else setImmediate(pump);
  };
  return (res: ServerResponse, at: number) => {
    queue.push({ at, res });
    if (!pumping) pump();
  };
}

function handler(kind: string, args: number[]): Handler {
  switch (kind) {
    case 'bare': {
      const body = Buffer.alloc(args[0] ?? 0, 'x');
      return afterBody((res) => reply(res, body));
    }
    case 'delay': {
      const [ms = 0, exact = 1] = args;
      const answerAt = replyQueue(small, exact === 1);
      return afterBody((res, arrived) => answerAt(res, arrived + ms));
    }
    case 'stall': {
      // Silent for the last PAUSE ms of every PERIOD ms; what arrives then is answered when the pause ends.
      const [period = 5000, pause = 1000] = args;
      const t0 = performance.now();
      const answerAt = replyQueue(small, false);
      return afterBody((res, arrived) => {
        const phase = (arrived - t0) % period;
        if (phase < period - pause) reply(res, small);
        else answerAt(res, arrived + period - phase);
      });
    }
    default:
      throw new Error(`usage: serve.ts bare BYTES | delay MS [EXACT=1|0] | stall PERIOD_MS PAUSE_MS (got "${kind}")`);
  }
}

async function main(): Promise<string> {
  const [kind = '', ...rest] = process.argv.slice(2);
  const server = createServer(handler(kind, rest.map(Number)));
  server.keepAliveTimeout = 65_000;
  // A deep backlog: 2,000 VUs connect at once, and a dropped SYN costs a 1 s retransmit.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

exitWithParent();
console.log(`listening on ${await main()}`);
