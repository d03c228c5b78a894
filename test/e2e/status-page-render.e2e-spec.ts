import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { STATUS_PAGE_CSP } from '../../apps/gateway/src/status/status-layout.render';
import { overviewLinks, runDetailLinks, statusHref, statusOverviewPath, statusRunPath } from '../../apps/gateway/src/status/status-links';
import { AVG_ORDER_VALUES, FAILED_RUN, HOSTILE_MESSAGE, HOSTILE_NAME, LOYAL_VALUES, sampleOverview, sampleRunDetail } from '../../apps/gateway/src/status/status-page.fixtures';
import { renderRunDetail, renderStatusOverview } from '../../apps/gateway/src/status/status-page.render';
import { StatusTokens } from '../../apps/gateway/src/status/status-token';
import { launchBrowser } from '../support/browser';

/**
 * The status page's HTML in a real browser (no gateway involved): served from a
 * throw-away HTTP server with the page's CSP and signed `?token=` links, so what is
 * checked here is what a user sees: charts that draw, the failed task's error, links
 * that open the next page, no script and no console error.
 */

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const tokens = new StatusTokens('e2e-status-page-secret-0123456789');

/** Chart test id → expected number of polyline vertices. */
const CHARTS: ReadonlyArray<readonly [string, number]> = [
  ['chart-segment-loyal', LOYAL_VALUES.length],
  [`chart-segment-${HOSTILE_NAME}`, 2],
  ['chart-segment-steady', 5],
  ['chart-segment-single', 1],
  ['chart-segment-brand_new', 0],
  ['chart-measure-avg_order', AVG_ORDER_VALUES.length],
  ['chart-measure-revenue', 4],
  ['chart-measure-churned', 0],
];

/**
 * Code run inside the page. This project compiles without the DOM library, so page-level
 * expressions are strings and element callbacks declare the little they use.
 */
const IN_BROWSER = {
  scripts: 'document.scripts.length',
  failedBadgeRadius: "getComputedStyle(document.querySelector('.badge.failed')).borderTopLeftRadius",
  overflow: 'document.documentElement.scrollWidth - document.documentElement.clientWidth',
} as const;

/** The part of an `<svg>` element the vertex count needs (`SVGPolylineElement.points` is an SVGPointList). */
interface ChartElement {
  querySelector(selector: string): { readonly points: { readonly numberOfItems: number } } | null;
}

/** Vertices of the chart's line as the browser parsed them. */
const vertexCount = (svg: ChartElement): number => svg.querySelector('polyline.line')?.points.numberOfItems ?? 0;

/** Serves the two pages; every request needs a token for exactly its own path. */
function pageServer(): Server {
  const pages = new Map<string, () => string>([
    [statusOverviewPath('demo'), () => renderStatusOverview({ ...sampleOverview(), links: overviewLinks('demo', { tokens }) })],
    [statusRunPath('demo', FAILED_RUN.id), () => renderRunDetail({ ...sampleRunDetail(), links: runDetailLinks('demo', { tokens }) })],
  ]);
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const render = pages.get(url.pathname);
    if (!render) {
      res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    if (tokens.verify(url.searchParams.get('token'), url.pathname) !== 'valid') {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('token required');
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': STATUS_PAGE_CSP,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      })
      .end(render());
  });
}

describe('status page in a browser', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = pageServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  /** A page that records console errors, uncaught errors and dialogs (an `alert` would be one). */
  async function open(width: number, path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const response = await page.goto(statusHref(path, { origin, tokens }));
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  it('draws the overview: every chart visible with one vertex per evaluation, nothing executed', async () => {
    const { page, problems } = await open(1280, statusOverviewPath('demo'));
    try {
      for (const [testId, points] of CHARTS) {
        const chart = page.getByTestId(testId);
        const box = await chart.boundingBox();
        expect({ testId, drawn: (box?.width ?? 0) > 100 && (box?.height ?? 0) > 20 }).toEqual({ testId, drawn: true });
        expect(await chart.getAttribute('role')).toBe('img');
        expect(await chart.getAttribute('aria-label')).toMatch(/\S/);
        const vertices = await chart.evaluate(vertexCount);
        expect({ testId, vertices }).toEqual({ testId, vertices: points });
      }
      const line = await page.getByTestId('chart-segment-loyal').locator('polyline.line').boundingBox();
      expect(line!.width).toBeGreaterThan(50);
      expect(line!.height).toBeGreaterThan(10);

      expect(await page.getByText(HOSTILE_NAME, { exact: true }).first().isVisible()).toBe(true);
      expect(await page.evaluate(IN_BROWSER.scripts)).toBe(0);
      // The inline stylesheet passed the CSP (its hash matches): the badges are styled.
      expect(await page.evaluate(IN_BROWSER.failedBadgeRadius)).toBe('999px');
      expect(await page.getByTestId('run').count()).toBe(6);

      await page.screenshot({ path: join(ARTIFACTS, 'status-page-overview.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('follows the signed run link to the run detail and shows the failed task prominently', async () => {
    const { page, problems } = await open(1280, statusOverviewPath('demo'));
    try {
      await Promise.all([page.waitForURL(/\/runs\/run_7f3a9c\?token=/), page.getByTestId('process-fullRefresh').getByRole('link', { name: FAILED_RUN.id }).click()]);
      expect(await page.title()).toBe('Full refresh run');

      const error = page.getByTestId('task-error');
      expect(await error.count()).toBe(1);
      expect(await error.isVisible()).toBe(true);
      const text = await error.innerText();
      expect(text).toContain('DS204');
      expect(text).toContain(HOSTILE_MESSAGE);
      expect(await page.getByTestId('task').count()).toBe(FAILED_RUN.tasks.length);
      expect(await page.getByTestId('run-duration').innerText()).toBe('2 min 5 s');
      await page.screenshot({ path: join(ARTIFACTS, 'status-page-run.png'), fullPage: true });

      await Promise.all([page.waitForURL(/\/status\/demo\?token=/), page.getByRole('link', { name: '← Back to overview' }).click()]);
      expect(await page.title()).toBe('Contoso Coffee (demo)');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('reads on a phone: no page-wide horizontal scroll, the task error in view', async () => {
    for (const [name, path] of [
      ['overview', statusOverviewPath('demo')],
      ['run', statusRunPath('demo', FAILED_RUN.id)],
    ] as const) {
      const { page, problems } = await open(390, path);
      try {
        const overflow = await page.evaluate(IN_BROWSER.overflow);
        expect({ name, overflow }).toEqual({ name, overflow: 0 });
        if (name === 'run') {
          const box = await page.getByTestId('task-error').boundingBox();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        }
        await page.screenshot({ path: join(ARTIFACTS, `status-page-${name}-narrow.png`), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  it('refuses a page without its token (the server here checks what the gateway will)', async () => {
    const response = await fetch(`${origin}${statusRunPath('demo', FAILED_RUN.id)}?token=${encodeURIComponent(tokens.sign(statusOverviewPath('demo')))}`);
    expect(response.status).toBe(401);
  });
});
