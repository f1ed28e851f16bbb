// The mock as Stoplight Prism's validating proxy sees it: a smoke load run, then one call of every alias and of
// PATCH lock, all through `prism proxy` in front of the mock. Every documented route must come back without a
// single violation. A proxy reading a broken copy of the document shows the check can fail.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMClient } from '../../client/client.ts';
import { configFromEnv } from '../../client/config.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { buildPosRequest } from '../../client/requests.ts';
import { sampleBasket } from '../../fixtures/baskets.ts';
import { demo } from '../../fixtures/demo.ts';
import type { K6Summary } from '../../load/results.ts';
import { loggedRun } from '../../load/test/logged-run.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { bundledOpenApiFile, loadOperations } from '../../schemas/catalog.ts';
import { type RunningPrism, startPrism } from '../../schemas/test/prism.ts';

const documented = new Set(loadOperations().flatMap((op) => op.routes.map((r) => `${r.method} ${r.path}`)));
const onDocumentedRoute = (v: { method: string; path: string }) => documented.has(`${v.method} ${v.path}`);

/** One call of each alias and PATCH route, straight from the document's routes, each with a fresh lock basket. */
async function callEveryAlias(baseUrl: string): Promise<{ route: string; status: number }[]> {
  const config = configFromEnv({ SESSIONM_BASE_URL: baseUrl });
  const bodies: Record<string, (n: number) => ReturnType<typeof buildPosRequest>> = {
    getUserOffers: () => buildPosRequest(config, 'getUserOffers', { external_customer_id: '14311211' }),
    lockUserOffer: (n) =>
      buildPosRequest(config, 'lockUserOffer', {
        offer_lookup_code: demo.offers.fiveOff.userOfferId,
        offer_lookup_type: 'userofferid',
        transaction: sampleBasket(`prism-alias-${n}`),
      }),
    sendTransaction: (n) => buildPosRequest(config, 'sendTransaction', sampleBasket(`prism-send-${n}`)),
  };
  const answers: { route: string; status: number }[] = [];
  let n = 0;
  for (const op of loadOperations()) {
    for (const route of op.routes.slice(1)) {
      const body = bodies[op.operationId];
      if (!body) throw new Error(`no request for ${op.operationId}, which has alias ${route.operationId}`);
      const request = body(n++);
      // Each lock comes from another transaction: unlock first, so every alias answers 200.
      if (op.operationId === 'lockUserOffer')
        await new SessionMClient(config, nodeTransport()).unlockUserOffer(demo.offers.fiveOff.userOfferId);
      const response = await fetch(baseUrl + route.path, {
        method: route.method,
        headers: request.headers,
        body: request.body,
      });
      await response.arrayBuffer();
      answers.push({ route: `${route.method} ${route.path}`, status: response.status });
    }
  }
  return answers;
}

describe('the mock through Prism validating proxy', () => {
  let mock: RunningMock;
  let prism: RunningPrism;
  let dir: string;
  let run: { log: string };
  let summary: K6Summary;
  let aliases: { route: string; status: number }[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-proxy-'));
    mock = await startMock({ port: 0 });
    prism = await startPrism(bundledOpenApiFile, { proxyTo: mock.url });
    // The mock held here, driven through the proxy in front of it.
    const { result, log } = await loggedRun({
      mock: { url: prism.url, state: () => mock.state() },
      profile: 'smoke',
      engine: 'node',
      bundleDir: join(dir, 'k6'),
      env: { RATE: '5', DURATION: '2s' },
    });
    run = { log };
    if (!result.summary) throw new Error(`the run left no summary; log:\n${run.log}`);
    summary = result.summary;
    aliases = await callEveryAlias(prism.url);
  }, 90_000);

  afterAll(async () => {
    await prism?.close();
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries a whole smoke run: every flow redeemed, every check passed', () => {
    const values = (name: string) => summary.metrics[name]?.values ?? {};
    expect(values('redemption_flow_redeemed').passes, run.log).toBeGreaterThanOrEqual(5);
    expect(values('redemption_flow_redeemed').fails, run.log).toBe(0);
    expect(values('checks').fails, run.log).toBe(0);
  });

  it('answers every alias and PATCH lock with 200', () => {
    expect(aliases.map((a) => a.route).sort()).toEqual(
      [...documented].filter((r) => !loadOperations().some((op) => `${op.methods[0]} ${op.path}` === r)).sort(),
    );
    expect(aliases.filter((a) => a.status !== 200)).toEqual([]);
  });

  it('reports no violation on any documented route; only the admin routes are unknown to it', () => {
    const documentedRequests = prism.violations.filter(onDocumentedRoute);
    expect(documentedRequests).toEqual([]);
    // Lookup, lock and redeem per flow, plus the alias calls: all of them went through Prism.
    const redeemed = summary.metrics.redemption_flow_redeemed?.values.passes ?? 0;
    expect(prism.requests()).toBeGreaterThanOrEqual(3 * redeemed + aliases.length);
    const unknown = new Set(prism.violations.map((v) => `${v.path}: ${v.message}`));
    for (const line of unknown) expect(line).toMatch(/^\/__mock\/[a-z_]+: Selected route not found$/);
  });

  it('reports violations when it reads a copy of the document the mock does not follow', async () => {
    const broken = JSON.parse(await readFile(bundledOpenApiFile, 'utf8'));
    broken.components.schemas.Amount.type = 'string';
    broken.components.securitySchemes.basicAuth = { type: 'apiKey', in: 'header', name: 'X-Api-Key' };
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const strict = await startPrism(file, { proxyTo: mock.url });
    try {
      const client = new SessionMClient(configFromEnv({ SESSIONM_BASE_URL: strict.url }), nodeTransport());
      await client.lockUserOffer(demo.offers.twentyCoupon.userOfferId, sampleBasket('prism-broken'));
      const seen = strict.violations.filter(onDocumentedRoute).map((v) => `${v.location}: ${v.message}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^request: Invalid security scheme used/),
          expect.stringMatching(/^response\.body\.payload\.amount: .*must be string/),
        ]),
      );
    } finally {
      await strict.close();
    }
  });
});
