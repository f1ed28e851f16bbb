import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareBaseline } from '../../load/compare-baseline.ts';
import { writeAcceptanceReports } from '../acceptance/write.ts';
import { writeReports } from '../write.ts';
import { BrowserUnavailable, resolveBrowser } from './chromium.ts';
import { acceptance } from './fixtures/acceptance.ts';
import * as fx from './fixtures/index.ts';

const SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'report-screenshot.png');
/** docs/acceptance.md's picture of an acceptance report. */
const ACCEPTANCE_SCREENSHOT = join(import.meta.dirname, '..', '..', 'docs', 'acceptance-report.png');
/** Screenshots are rewritten only on request (or when missing), so ordinary runs leave git alone. */
const shoot = (file: string) => process.env.UPDATE_SCREENSHOT === '1' || !existsSync(file);
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--no-zygote',
];

// The bits of the DOM the probes below touch: this file is type-checked with Node's libs, not DOM's.
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface ChartEl {
  dataset: { chart?: string };
  querySelector(sel: 'canvas'): Canvas | null;
}
// Page functions are serialized, so they reach `document` through globalThis rather than a helper.
interface Doc {
  querySelectorAll(sel: string): ArrayLike<ChartEl>;
}

let server: Server;
let context: BrowserContext;
let page: Page;
let acceptancePage: Page;
let reportUrl: string;
let acceptanceUrl: string;
const served: string[] = [];
const requested: string[] = [];
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const cleanup: string[] = [];

beforeAll(async () => {
  const browser = resolveBrowser();
  const root = await mkdtemp(join(tmpdir(), 'report-browser-'));
  cleanup.push(root);
  const dir = join(root, '2025-01-31T12-00-00-000Z-load');
  const input = {
    load: {
      summary: fx.summary(),
      timeseries: fx.timeseries(),
      settings: fx.settings(),
      errorsByCode: { LOCK_CONFLICT: 414, 'http 503': 2 },
    },
    verify: { interactions: fx.interactions() },
    baseline: {
      ...compareBaseline(fx.summary(), fx.baselineSummary()),
      source: 'reports/2025-01-30T12-00-00-000Z-load',
    },
  };
  const { html } = await writeReports(dir, input, { generatedAt: new Date('2025-01-31T12:01:05Z') });
  const pages: Record<string, Buffer> = {
    '/report.html': await readFile(html),
    '/acceptance.html': await readFile(
      (await writeAcceptanceReports(join(root, '2025-01-31T12-00-00-000Z-accept'), acceptance())).html,
    ),
  };

  server = createServer((req, res) => {
    served.push(req.url ?? '');
    const body = pages[req.url ?? ''];
    if (body) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  reportUrl = `${origin}/report.html`;
  acceptanceUrl = `${origin}/acceptance.html`;

  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  cleanup.push(profile);
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
      // Numbers in the report are formatted for this locale; the machine's (often C/POSIX) is no language tag.
      locale: 'en-US',
    });
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new BrowserUnavailable(`${browser.executablePath} did not start (${first}); set CHROMIUM_PATH to a Chromium`);
  }
  context.on('request', (r) => requested.push(r.url()));
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(reportUrl, { waitUntil: 'load' });
  await page.waitForFunction(
    () => (globalThis as unknown as { document: Doc }).document.querySelectorAll('.uplot canvas').length >= 5,
    null,
    { timeout: 10_000 },
  );
  acceptancePage = await context.newPage();
  acceptancePage.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  acceptancePage.on('pageerror', (e) => pageErrors.push(e.message));
  await acceptancePage.goto(acceptanceUrl, { waitUntil: 'load' });
  await acceptancePage.waitForFunction(
    () => (globalThis as unknown as { document: Doc }).document.querySelectorAll('.uplot canvas').length >= 5,
    null,
    { timeout: 10_000 },
  );
}, 60_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  for (const d of cleanup) await rm(d, { recursive: true, force: true });
});

describe('report.html in chromium', () => {
  it('draws every chart: canvases with a size and the series colours on them', async () => {
    const charts = await page.evaluate(() =>
      Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('[data-chart]')).map((el) => {
        const canvas = el.querySelector('canvas');
        if (!canvas) return { id: el.dataset.chart, width: 0, height: 0, painted: 0, firstSeries: 0 };
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let painted = 0;
        let firstSeries = 0;
        for (let i = 0; i < data.length; i += 4) {
          if ((data[i + 3] as number) > 0) painted++;
          // #2563eb, the first series' stroke (anti-aliasing blends edges, so allow a margin).
          const near = (v: number, want: number) => Math.abs(v - want) < 24;
          if (near(data[i] as number, 0x25) && near(data[i + 1] as number, 0x63) && near(data[i + 2] as number, 0xeb))
            firstSeries++;
        }
        return { id: el.dataset.chart, width: canvas.width, height: canvas.height, painted, firstSeries };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual([
      'latency-lookup',
      'latency-lock',
      'latency-redeem',
      'latency-flow',
      'throughput',
    ]);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(100);
      expect(c.painted, c.id).toBeGreaterThan(1000);
      expect(c.firstSeries, c.id).toBeGreaterThan(50);
    }
    // The README's screenshot.
    if (shoot(SCREENSHOT)) await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows the legends and tables with the run data', async () => {
    const legends = await page.locator('.u-legend .u-label').allTextContents();
    expect(legends).toEqual(expect.arrayContaining(['p50', 'p95', 'p99', 'requests/s', 'flows/s', 'errors/s']));
    await expect(page.locator('#latency tbody tr').count()).resolves.toBe(4);
    await expect(page.locator('#contracts .badge.fail').count()).resolves.toBe(1);
    await expect(page.locator('.verdict.fail').textContent()).resolves.toBe(
      'FAILED: 1 threshold failed, 1 contract interaction failed, regression against the baseline',
    );
    await expect(page.locator('#baseline tbody tr').count()).resolves.toBe(9);
  });

  it('logs no console error and no page error', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('makes no request but the reports themselves', () => {
    expect(requested).toEqual([reportUrl, acceptanceUrl]);
    expect(served).toEqual(['/report.html', '/acceptance.html']);
  });
});

describe('an acceptance report.html in chromium', () => {
  it('opens with the verdict and a line per section, each linking to its details', async () => {
    await expect(acceptancePage.locator('.verdict.fail').textContent()).resolves.toBe('NOT ACCEPTED');
    const rows = acceptancePage.locator('#sections tbody tr');
    await expect(rows.locator('td:nth-child(2)').allTextContents()).resolves.toEqual([
      '1. Contracts',
      '2. Workflow',
      '3. Load',
      '4. Negative input',
    ]);
    await expect(rows.locator('.badge').allTextContents()).resolves.toEqual(['passed', 'failed', 'passed', 'passed']);
    await rows.nth(1).locator('a').click();
    await expect(
      acceptancePage.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash),
    ).resolves.toBe('#section-workflow');
    await expect(acceptancePage.locator('#section-workflow .mismatch li').textContent()).resolves.toContain(
      'a redeemed user offer was redeemed again',
    );
  });

  it('shows the step times, the load charts, the ranked findings with replay commands and what was created', async () => {
    await expect(acceptancePage.locator('#workflow-steps tbody tr').count()).resolves.toBe(9);
    await expect(acceptancePage.locator('[data-chart] canvas').count()).resolves.toBe(5);
    const ranks = await acceptancePage.locator('#negative-findings tbody tr td:first-child').allTextContents();
    expect(ranks).toEqual(['differs', 'lenient', 'lenient', 'lenient']);
    await expect(acceptancePage.locator('#negative-findings tbody tr code').last().textContent()).resolves.toMatch(
      /npm run fuzz -- --target https:\/\/offers-client\.stg-sessionm\.com --yes .* --seed 424242 --case 22$/,
    );
    await expect(acceptancePage.locator('#created tbody tr').count()).resolves.toBe(8);
    // docs/acceptance.md's screenshot: the page's top, as a reader first sees it.
    await acceptancePage.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    if (shoot(ACCEPTANCE_SCREENSHOT)) await acceptancePage.screenshot({ path: ACCEPTANCE_SCREENSHOT });
  });
});
