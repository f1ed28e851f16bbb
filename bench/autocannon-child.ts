// `autocannon-child.ts JSON`: one autocannon run (programmatic) in a process of its own, so it gets a core.
// JSON: {url, connections, seconds, method, headers, body, marker?}: each request gets the next number in place of
// `marker` in the body, when given. Prints "started", then "result {json}".
import autocannon from 'autocannon';

const o = JSON.parse(process.argv[2] ?? '{}');
const [head, tail] = o.marker ? (o.body as string).split(o.marker) : [];
let n = 0;
console.log('started');
const r = await autocannon({
  url: o.url,
  connections: o.connections,
  duration: o.seconds,
  method: o.method,
  headers: o.headers,
  body: o.body,
  ...(o.marker ? { requests: [{ setupRequest: (req) => ({ ...req, body: `${head}${++n}${tail}` }) }] } : {}),
});
console.log(
  `result ${JSON.stringify({
    requests: r.requests.total,
    seconds: r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    errors: r.errors + r.timeouts + r.non2xx,
  })}`,
);
