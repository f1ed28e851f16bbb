// k6 semantics: each case is a small plain k6 script (ESM, as k6 runs it) and the result k6 gives, with where in
// k6's source (grafana/k6 v1.8.1, Sobek a66d4790012b) or docs that result comes from. Short runs only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundle, type SummaryData } from '../index.ts';

let dir: string;
let server: Server;
let base: string;
let cases = 0;
const cookiesSeen: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k6-semantics-'));
  await writeFile(join(dir, 'data.json'), '[1, 2, 3]');
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const hops = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hops) {
      const left = Number(hops[1]);
      if (left === 0) res.writeHead(200).end('arrived');
      else res.writeHead(302, { location: `/hop/${left - 1}` }).end();
    } else if (url.pathname === '/login') {
      res.writeHead(302, { location: '/echo-cookie', 'set-cookie': 'session=s1; Path=/' }).end();
    } else if (url.pathname === '/echo-cookie') {
      cookiesSeen.push(req.headers.cookie ?? '');
      res.writeHead(200).end(req.headers.cookie ?? '');
    } else if (url.pathname === '/post-303') {
      res.writeHead(303, { location: '/method' }).end();
    } else if (url.pathname === '/method') {
      res.writeHead(200).end(req.method);
    } else {
      res.writeHead(200).end('ok');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** Runs one k6 script (its source as k6 would load it) on the engine. */
async function k6(source: string, env: Record<string, string> = {}) {
  const file = join(dir, `case-${++cases}.js`);
  await writeFile(file, source);
  const log: string[] = [];
  const result = await runBundle(file, {
    cwd: dir,
    outDir: join(dir, `out-${cases}`),
    env: { BASE: base, ...env },
    quiet: true,
    stdout: { write: () => true } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => log.push(s) > 0 } as unknown as NodeJS.WritableStream,
  });
  const metrics = (result.summary as SummaryData | null)?.metrics ?? {};
  const value = (name: string, stat: string) => metrics[name]?.values[stat];
  return { ...result, log: log.join(''), metrics, value };
}

const once = "export const options = { vus: 1, iterations: 1 };\nimport { check } from 'k6';\n";

describe('VU allocation in arrival-rate executors', () => {
  // lib/executor/constant_arrival_rate.go Run: no free VU → dropped_iterations +1 and ONE unplanned VU initialised
  // in the background (makeUnplannedVUCh, non-blocking send), up to maxVUs. The example: k6 drops ≥ 9.
  it('drops the iteration while the next VU initialises, then grows one VU at a time', async () => {
    const r = await k6(`
import { sleep } from 'k6';
export const options = {
  scenarios: { s: { executor: 'constant-arrival-rate', rate: 100, timeUnit: '1s', duration: '1s',
    preAllocatedVUs: 1, maxVUs: 50 } },
  thresholds: { dropped_iterations: ['count<1'] },
};
export default function () { sleep(0.1); }
`);
    expect(r.exitCode).toBe(99);
    expect(r.value('dropped_iterations', 'count')).toBeGreaterThanOrEqual(9);
    const grown = r.value('vus_max', 'max') as number;
    expect(grown).toBeGreaterThan(1);
    expect(grown).toBeLessThanOrEqual(50);
  });

  it('with every maxVU allocated and busy it drops and warns once, as k6 does', async () => {
    const r = await k6(`
import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s',
  duration: '1s', preAllocatedVUs: 2, maxVUs: 2 } } };
export default function () { sleep(0.5); }
`);
    expect(r.exitCode).toBe(0);
    expect(r.value('dropped_iterations', 'count')).toBeGreaterThan(10);
    expect(r.log.match(/Insufficient VUs, reached 2 active VUs and cannot initialize more/g)).toHaveLength(1);
  });
});

describe('scenario start', () => {
  // internal/execution/scheduler.go: executors start (after their startTime) once setup() has returned;
  // the test-run duration counts from before setup (MarkStarted).
  it("startTime counts from the end of setup(), not from the run's start", async () => {
    const r = await k6(`import { check, sleep } from 'k6';
import exec from 'k6/execution';
export const options = { scenarios: { later: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '200ms' } } };
export async function setup() { await sleep(0.3); }
export default function () {
  // 300 ms of setup + 200 ms of startTime; counted from the run's start it would be about 300 (timers may fire ~1 ms early).
  check(null, { 'after setup + startTime': () => exec.instance.currentTestRunDuration >= 490 });
}`);
    expect(r.value('checks', 'rate')).toBe(1);
  });
});

describe('init context per VU', () => {
  // internal/js/bundle.go Instantiate: every VU evaluates the script in its own runtime; __VU is set before init.
  it('module state belongs to one VU: 3 VUs × 2 iterations never see a counter pass 2', async () => {
    const r = await k6(`
import { Trend } from 'k6/metrics';
const seen = new Trend('module_counter');
const vuAtInit = __VU;
let n = 0;
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 2 } } };
import { check } from 'k6';
export default function () {
  n++;
  seen.add(n);
  check(null, { '__VU is set in the init context': () => vuAtInit === __VU && __VU >= 1 });
}
`);
    expect(r.exitCode).toBe(0);
    expect(r.value('module_counter', 'max')).toBe(2);
    expect(r.value('iterations', 'count')).toBe(6);
    expect(r.value('checks', 'rate')).toBe(1);
  });

  // bundle.go setInitGlobals: open() and require() throw outside init; data.go: new SharedArray too.
  it.each([
    ['open', "open('./data.json')", 'the "open" function is only available in the init stage'],
    // A dynamic specifier: esbuild resolves require('literal') when it bundles.
    ['require', "const m = 'k6'; require(m)", 'the "require" function is only available in the init stage'],
    ['SharedArray', "new SharedArray('late', () => [])", 'new SharedArray must be called in the init context'],
  ])('%s outside the init context throws k6’s error', async (_name, call, message) => {
    const r = await k6(`${once}import { SharedArray } from 'k6/data';
export default function () {
  let error = '';
  try { ${call}; } catch (e) { error = String(e.message); }
  check(error, { refused: (m) => m.includes(${JSON.stringify(message)}) });
}
`);
    expect(r.value('checks', 'rate')).toBe(1);
  });

  it('open() in init resolves next to the script and is cached for every VU', async () => {
    const r = await k6(`import { check } from 'k6';
const data = JSON.parse(open('./data.json'));
export const options = { vus: 2, iterations: 2 };
export default function () { check(data, { 'read next to the script': (d) => d.length === 3 }); }
`);
    expect(r.value('checks', 'rate')).toBe(1);
  });
});

describe('globals k6 lacks', () => {
  // bundle.go (setupJSRuntime, setInitGlobals, registerGlobals) and Sobek's global template: none of these exist.
  it.each([
    ['process', 'process.env.HOME'],
    ['Buffer', "Buffer.from('x')"],
    ['fetch', "fetch('http://127.0.0.1/')"],
    ['URL', "new URL('http://x/')"],
    ['URLSearchParams', "new URLSearchParams('a=1')"],
    ['structuredClone', 'structuredClone({})'],
    ['setImmediate', 'setImmediate(() => 0)'],
    ['TextEncoder', 'new TextEncoder()'],
    ['Intl', 'new Intl.NumberFormat()'],
    ['queueMicrotask', 'queueMicrotask(() => 0)'],
  ])('%s: typeof is undefined, a use in init fails the run (107) naming it', async (name, use) => {
    const typeofRun = await k6(`${once}export default function () {
  check(null, { undefined: () => typeof ${name} === 'undefined' });
}`);
    expect(typeofRun.value('checks', 'rate')).toBe(1);
    const r = await k6(`${use};\n${once}export default function () {}`);
    expect(r.exitCode).toBe(107);
    expect(r.error).toContain(`${name} is not defined (k6 v1.8.1 has no global "${name}" either`);
  });

  // Sobek a66d479 tc39_test.go featuresBlackList: array-grouping, promise-with-resolvers, set-methods, …
  it.each([
    ['Object.groupBy', 'Object.groupBy([1], (x) => x)'],
    ['Error.captureStackTrace', 'Error.captureStackTrace({})'],
    ['String.prototype.isWellFormed', "'x'.isWellFormed()"],
  ])('%s is missing, and the error says k6 lacks it', async (member, use) => {
    const r = await k6(`${use};\n${once}export default function () {}`);
    expect(r.exitCode).toBe(107);
    expect(r.error).toContain(`if this is ${member}: k6 v1.8.1 (Sobek) lacks it`);
  });

  it('code bundled from npm that feature-detects Node takes the path it takes on k6', async () => {
    const r = await k6(`${once}
const isNode = typeof process !== 'undefined' && !!process.versions;
const hasBuffer = typeof Buffer === 'function';
export default function () { check(null, { 'not Node': () => !isNode && !hasBuffer }); }
`);
    expect(r.value('checks', 'rate')).toBe(1);
  });

  // Sobek builtin_regexp.go compileRegexp: flags g i m s u y only; \p{…} is handed to Go's regexp as the letter p.
  // A literal Sobek cannot compile fails the script when k6 parses it: refused before init here (107).
  it.each([
    ['the d flag', '/a/d', "the d flag (Invalid flags supplied to RegExp constructor 'd')"],
    ['the v flag', '/[a]/v', "the v flag (Invalid flags supplied to RegExp constructor 'v')"],
    ['\\p{…} with u', '/\\p{L}/u', 'Unicode property escapes'],
  ])(
    'a regexp literal with %s is refused before init, as Sobek fails to compile it',
    async (_what, literal, message) => {
      const r = await k6(`${once}export default function () { ${literal}.test('a'); }`);
      expect(r.exitCode).toBe(107);
      expect(r.error).toContain("k6 v1.8.1's JavaScript runtime (Sobek) cannot compile");
      expect(r.error).toContain(message);
    },
  );

  // The same built from computed values at run time, and named groups (which compile in Sobek, but a match has no groups): at first use.
  it.each([
    ['the d flag', 'const f = "d"; new RegExp("a", f)', "Invalid flags supplied to RegExp constructor 'd'"],
    ['\\p{…} with u', 'const p = "\\\\p{L}"; new RegExp(p, "u")', 'Unicode property escapes'],
    ['match.groups', '/(?<y>\\d+)/.exec("2024").groups.y', 'named capture groups'],
  ])('a regexp with %s made at run time fails at first use, saying Sobek lacks it', async (_what, use, message) => {
    const r = await k6(`${once}export default function () { ${use}; }`);
    expect(r.log).toContain(message);
    expect(r.log).toContain('k6 v1.8.1 (Sobek) lacks');
  });

  it('what Sobek does support still works: lookbehind, numbered groups, the s and y flags', async () => {
    const r = await k6(`${once}export default function () {
  check(null, {
    lookbehind: () => /(?<=a)b/.test('ab'),
    numbered: () => /(\\d+)-(\\d+)/.exec('1-2')[2] === '2',
    flags: () => /a.b/s.test('a\\nb') && /b/y.test('b'),
  });
}`);
    expect(r.value('checks', 'rate')).toBe(1);
  });

  it('for await…of cannot be parsed by Sobek, so the script is refused before it runs', async () => {
    const r = await k6(`${once}export default async function () { for await (const x of [1]) {} }`);
    expect(r.exitCode).toBe(107);
    expect(r.error).toMatch(/for await…of: k6 v1\.8\.1's JavaScript runtime \(Sobek\) cannot parse/);
  });
});

describe('options are validated as k6 validates them', () => {
  // guregu/null.v3 Int.UnmarshalJSON: a fraction cannot be unmarshalled into int64 → InvalidConfig (104).
  it.each([
    ['rate', "executor: 'constant-arrival-rate', rate: 1.5, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1"],
    [
      'startRate',
      "executor: 'ramping-arrival-rate', startRate: 0.5, preAllocatedVUs: 1, stages: [{ duration: '1s', target: 2 }]",
    ],
    ['target', "executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '1s', target: 2.5 }]"],
  ])('a fractional %s exits 104', async (field, scenario) => {
    const r = await k6(`export const options = { scenarios: { s: { ${scenario} } } };
export default function () {}`);
    expect(r.exitCode).toBe(104);
    expect(r.error).toMatch(
      new RegExp(`"scenarios\\.s\\.${field === 'target' ? 'stages\\[0\\]\\.target' : field}".*cannot unmarshal number`),
    );
  });

  // lib/executor/*.go Validate: every problem of a scenario on one line.
  it('reports every problem of a scenario, as k6 Validate() does', async () => {
    const r = await k6(`export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 5, iterations: 2,
  maxDuration: '500ms' } } };
export default function () {}`);
    expect(r.exitCode).toBe(104);
    expect(r.error).toContain(
      "scenario s has configuration errors: the number of iterations (2) can't be less than the number of VUs (5), the maxDuration must be at least 1s, but is 500ms",
    );
  });

  it('refuses an option that would change what is sent, warns about one that changes nothing here', async () => {
    const refused = await k6(`export const options = { vus: 1, iterations: 1, rps: 10 };
export default function () {}`);
    expect(refused.exitCode).toBe(104);
    expect(refused.error).toMatch(/option "rps" is not supported by the embedded engine: it caps the request rate/);
    const warned = await k6(`export const options = { vus: 1, iterations: 1, dns: { ttl: '1m' }, notAnOption: 1 };
export default function () {}`);
    expect(warned.exitCode).toBe(0);
    expect(warned.log).toMatch(/WARN option "dns" is ignored by the embedded engine/);
    expect(warned.log).toContain('There were unknown fields in the options exported in the script: "notAnOption"');
  });
});

describe('exec.test.abort()', () => {
  // execution.go: abort calls rt.Interrupt, which no catch sees; the run ends with ScriptAborted (108).
  it('cannot be caught: a catch changes nothing, the VU makes no more requests, exit 108', async () => {
    const r = await k6(`import exec from 'k6/execution';
import http from 'k6/http';
export const options = { vus: 1, iterations: 3 };
export default async function () {
  try { exec.test.abort('enough'); } catch (e) { /* k6 never gets here */ }
  await http.asyncRequest('GET', __ENV.BASE + '/after-abort');
}`);
    expect(r.exitCode).toBe(108);
    expect(r.error).toBe('test aborted: enough');
    expect(r.value('http_reqs', 'count')).toBeUndefined();
    expect(r.value('iterations', 'count')).toBeUndefined();
  });
});

describe('SharedArray', () => {
  // internal/js/modules/k6/data/share.go Get: JSON.parse of the element, deep-frozen, on every access.
  it('hands out a fresh frozen copy on every element access; writes throw', async () => {
    const r = await k6(`${once}import { SharedArray } from 'k6/data';
const rows = new SharedArray('rows', () => [{ id: 1, tags: ['a'] }]);
export default function () {
  let write = '';
  try { rows[0] = 1; } catch (e) { write = e.name + ': ' + e.message; }
  check(rows, {
    'a new copy each time': (a) => a[0] !== a[0] && a[0].id === 1,
    'deep-frozen': (a) => Object.isFrozen(a[0]) && Object.isFrozen(a[0].tags),
    'an array': (a) => Array.isArray(a) && a.length === 1 && [...a].length === 1,
    'immutable': () => write === 'TypeError: SharedArray is immutable',
  });
}`);
    expect(r.value('checks', 'rate')).toBe(1);
  });

  // data.go loadOrStore: the builder runs once per name, in the first init that asks; every other VU reuses it.
  it('is built once, by the first init, for every VU', async () => {
    const r = await k6(`import { SharedArray } from 'k6/data';
const rows = new SharedArray('once', () => { console.log('building rows'); return [1, 2]; });
export const options = { vus: 3, iterations: 3 };
export default function () {}`);
    expect(r.exitCode).toBe(0);
    expect(r.log.match(/building rows/g)).toHaveLength(1);
  });
});

describe('redirects and cookies', () => {
  // lib/netext/httpext/request.go CheckRedirect: up to maxRedirects (default 10, cmd/options.go) hops are
  // followed; past that the redirect itself is returned, with a warning unless `redirects` was given.
  it('follows up to 10 redirects by default, returns the 11th with a warning; redirects: 0 returns the first', async () => {
    const r = await k6(`${once}import http from 'k6/http';
export default async function () {
  const ten = await http.asyncRequest('GET', __ENV.BASE + '/hop/10');
  const eleven = await http.asyncRequest('GET', __ENV.BASE + '/hop/11');
  const none = await http.asyncRequest('GET', __ENV.BASE + '/hop/1', null, { redirects: 0 });
  const posted = await http.asyncRequest('POST', __ENV.BASE + '/post-303', 'x');
  check(null, {
    'ten followed': () => ten.status === 200 && ten.url === __ENV.BASE + '/hop/0',
    'eleventh returned': () => eleven.status === 302,
    'redirects: 0': () => none.status === 302,
    '303 turns into GET': () => posted.body === 'GET',
  });
}`);
    expect(r.value('checks', 'rate')).toBe(1);
    expect(r.log.match(/Stopped after 11 redirects and returned the redirection/g)).toHaveLength(1);
    // Each hop is a request of its own in k6's metrics (transport.go measureAndEmitMetrics per round trip).
    expect(r.value('http_reqs', 'count')).toBe(11 + 11 + 1 + 2);
  });

  it('maxRedirects limits every request', async () => {
    const r = await k6(`export const options = { vus: 1, iterations: 1, maxRedirects: 2 };
import { check } from 'k6';
import http from 'k6/http';
export default async function () {
  const res = await http.asyncRequest('GET', __ENV.BASE + '/hop/3');
  check(res, { 'stopped after 2': (x) => x.status === 302 && x.url === __ENV.BASE + '/hop/1' });
}`);
    expect(r.value('checks', 'rate')).toBe(1);
  });

  // runner.go runFn: a fresh cookiejar per iteration unless noCookiesReset; request.go: cookies set on a redirect
  // response go into the jar and are sent on the next hop.
  it.each([
    [false, ['session=s1', '']],
    [true, ['session=s1', 'session=s1']],
  ])(
    'the VU cookie jar keeps cookies within an iteration, reset each iteration (noCookiesReset %s)',
    async (keep, expected) => {
      cookiesSeen.length = 0;
      const r =
        await k6(`export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 1, iterations: 2 } },
  noCookiesReset: ${keep} };
import http from 'k6/http';
import exec from 'k6/execution';
export default async function () {
  if (exec.vu.iterationInInstance === 0) await http.asyncRequest('GET', __ENV.BASE + '/login');
  else await http.asyncRequest('GET', __ENV.BASE + '/echo-cookie');
}`);
      expect(r.exitCode).toBe(0);
      expect(cookiesSeen).toEqual(expected);
    },
  );
});

describe('exit codes', () => {
  // errext/exitcodes/codes.go: 99 ThresholdsHaveFailed, 104 InvalidConfig, 107 ScriptException, 108 ScriptAborted,
  // 110 MarkedAsFailed.
  it('99 when a threshold fails', async () => {
    const r = await k6(`export const options = { vus: 1, iterations: 1, thresholds: { checks: ['rate==1'] } };
import { check } from 'k6';
export default function () { check(null, { no: () => false }); }`);
    expect(r.exitCode).toBe(99);
  });

  it('104 for invalid options', async () => {
    const r = await k6(
      "export const options = { duration: '10s', stages: [{ duration: '1s', target: 1 }] };\nexport default function () {}",
    );
    expect(r.exitCode).toBe(104);
    expect(r.error).toBe('using `duration` and `stages` options simultaneously is not allowed');
  });

  it('107 when the init context throws, also in a later VU', async () => {
    const r = await k6(
      "if (__VU === 2) throw new Error('bad VU');\nexport const options = { vus: 2, iterations: 2 };\nexport default function () {}",
    );
    expect(r.exitCode).toBe(107);
    expect(r.error).toMatch(/error while initializing VU #2: Error: bad VU/);
  });

  it('108 for exec.test.abort() in setup', async () => {
    const r = await k6(`${once}import exec from 'k6/execution';
export function setup() { exec.test.abort('no target'); }
export default function () {}`);
    expect(r.exitCode).toBe(108);
  });

  it('110 for exec.test.fail(): the run goes on, then fails', async () => {
    const r = await k6(`export const options = { vus: 1, iterations: 2 };
import exec from 'k6/execution';
export default function () { exec.test.fail('bad data'); }`);
    expect(r.exitCode).toBe(110);
    expect(r.value('iterations', 'count')).toBe(2);
  });
});

describe('what VUs share in the engine and not in k6', () => {
  // The engine's VUs share one realm (one global object); k6 gives each its own runtime. A script that sets a global
  // is told so at start, so the difference cannot pass unnoticed.
  it('a global set in init is named in a warning', async () => {
    const r = await k6(`globalThis.sharedCounter = 0;\n${once}export default function () {}`);
    expect(r.exitCode).toBe(0);
    expect(r.log).toMatch(/WARN the script's init sets globals \(sharedCounter\)/);
    const clean = await k6(`${once}export default function () {}`);
    expect(clean.log).not.toMatch(/sets globals/);
  });
});
