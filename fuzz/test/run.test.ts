import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaults } from '../../client/config.ts';
import { startMock } from '../../mock/server.ts';
import { loadOperations } from '../../schemas/catalog.ts';
import { findingText, summaryLines, undeliveredLine, writeReport } from '../report.ts';
import { runFuzz } from '../run.ts';

const operations = loadOperations();

describe('fuzzing the embedded mock', () => {
  it('1,000 malformed requests: every one a 4xx error envelope, no 5xx, state unchanged', async () => {
    const logged: string[] = [];
    const mock = await startMock({ port: 0, logError: (message) => logged.push(message) });
    try {
      const run = await runFuzz({
        baseUrl: mock.url,
        apiKey: defaults.apiKey,
        seed: 20_260_601,
        cases: 1000,
        operations,
        pins: { retailer_id: defaults.retailerId, store_id: defaults.storeId, client_id: defaults.clientId },
        stateEvery: 250,
      });
      expect(run.findings.map((f) => `${f.outcome} ${f.status}: ${f.case.description}`)).toEqual([]);
      expect(run.unsent).toEqual([]);
      expect(run.total).toMatchObject({ total: 1000, rejected: 1000 });
      expect(run.stateChecks).toBe(4);
      expect(logged).toEqual([]);
    } finally {
      await mock.close();
    }
  }, 180_000);
});

/** A provider that gets everything wrong: accepts some bodies, crashes on others, and counts what it accepted. */
function sloppyProvider(): Promise<Server> {
  let accepted = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/__mock/state') {
        const counts = { offers: 0, users: 0, user_offers: { issued: 0, locked: 0, redeemed: 0 }, locks: 0 };
        const payload = { ...counts, redemptions: 0, transactions: accepted, unacknowledged_redemptions: 0 };
        res.end(JSON.stringify({ status: 'ok', payload }));
        return;
      }
      const body = Buffer.concat(chunks).toString();
      if (body.startsWith('[')) {
        res.writeHead(500).end('boom');
      } else if (body.includes('request_payload')) {
        accepted++;
        // Echoes the credentials, which the report must not repeat.
        res.writeHead(200).end(JSON.stringify({ status: 'ok', auth: req.headers.authorization }));
      } else {
        res.writeHead(400).end('nope');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('fuzzing a provider that gets it wrong', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = await sloppyProvider();
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports acceptances, 5xx, answers without the envelope and state changes, and never writes the key', async () => {
    const apiKey = 'sekret-fuzz-key-0042';
    const run = await runFuzz({
      baseUrl,
      apiKey,
      seed: 1,
      cases: 120,
      operations: operations.filter((op) => op.operationId === 'unlockUserOffer'),
      stateEvery: 60,
    });
    const outcomes = new Set(run.findings.map((f) => f.outcome));
    expect([...outcomes].sort()).toEqual(['accepted', 'bad-envelope', 'server-error', 'state-changed']);
    const stateChanged = run.findings.filter((f) => f.outcome === 'state-changed');
    // Every case named as moving the state is one the provider accepted.
    const accepted = new Set(run.findings.filter((f) => f.outcome === 'accepted').map((f) => f.case.index));
    for (const finding of stateChanged) expect(accepted.has(finding.case.index)).toBe(true);
    expect(run.total.rejected).toBe(0);

    const dir = join(tmpdir(), `fuzz-report-${process.pid}`);
    const file = await writeReport(dir, run, { target: baseUrl, operations: ['unlockUserOffer'], cases: 120, apiKey });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(apiKey);
    expect(text).toContain('[redacted]');
    const report = JSON.parse(text);
    expect(report.findings[0].replay).toMatch(/^npm run fuzz -- --seed 1 --case \d+$/);
    expect(report.total.total).toBe(120);
  });

  it('prints replay lines that keep the target and the operations', async () => {
    const run = await runFuzz({ baseUrl, apiKey: 'k', seed: 5, cases: 40, operations });
    const replayArgs = ['--target', baseUrl, '--yes', '--operations', 'unlockUserOffer'];
    const finding = run.findings[0];
    expect(finding).toBeDefined();
    expect(findingText(run, finding as NonNullable<typeof finding>, replayArgs)).toMatch(
      new RegExp(
        `\\[replay: npm run fuzz -- --target ${baseUrl} --yes --operations unlockUserOffer --seed 5 --case \\d+\\]$`,
      ),
    );
    expect(summaryLines(run, 20, replayArgs).join('\n')).toContain(`--target ${baseUrl} --yes`);
  });

  it('replays exactly the cases asked for', async () => {
    const run = await runFuzz({ baseUrl, apiKey: 'k', seed: 9, cases: 1000, operations, only: [3, 700] });
    expect(run.sent).toBe(2);
    const all = run.findings.map((f) => f.case.index).sort((a, b) => a - b);
    expect(all.every((index) => index === 3 || index === 700)).toBe(true);
  });
});

describe('fuzzing a target that goes away mid-run', () => {
  it('counts no case it could not deliver as a finding, names where it stopped, and stops sending', async () => {
    const mock = await startMock({ port: 0 });
    let answered = 0;
    const run = await runFuzz({
      baseUrl: mock.url,
      apiKey: defaults.apiKey,
      seed: 11,
      cases: 2000,
      concurrency: 1,
      operations: operations.filter((op) => op.operationId === 'fetchOffer'),
      pins: { retailer_id: defaults.retailerId },
      onAnswer: () => {
        // The provider dies after 30 answers: every later case meets a refused connection.
        if (++answered === 30) void mock.close();
      },
    });
    expect(run.findings.filter((f) => f.outcome === 'network-error' && /refused/i.test(f.detail))).toEqual([]);
    expect(run.undelivered?.kind).toBe('refused');
    expect(run.sent).toBeGreaterThanOrEqual(30);
    // It stopped after the first batch that reached nothing, far short of the 2,000 cases.
    expect(run.sent + (run.undelivered?.cases.length ?? 0)).toBeLessThan(700);
    expect(undeliveredLine(run)).toMatch(
      /^the target stopped taking connections at case \d+ \(.*\): \d+ cases were not delivered/,
    );
  });
});
