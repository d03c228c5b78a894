import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { call, RunningGateway, startGateway } from './support/gateway-harness';
import { runToEnd, subscribe } from './support/runs';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/** The part of an `<svg>` the vertex count needs (this project compiles without the DOM library). */
interface ChartElement {
  querySelector(selector: string): { readonly points: { readonly numberOfItems: number } } | null;
}

/**
 * §6.3 in a real browser against the real gateway: a full refresh with a broken data source,
 * its `StatusPage` link from the processCompleted event opened without a key, the failed task's
 * message on the run page, then the overview (Basic credentials) with the segment and measure
 * charts drawn from three evaluations.
 */
describe('status page in Chromium (e2e)', () => {
  let gw: RunningGateway;
  let browser: Browser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    [gw, browser, receiver] = await Promise.all([startGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }), launchBrowser(), startWebhookReceiver()]);
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), receiver?.close()]);
    await gw?.close();
  });

  it('opens the StatusPage link of an event: the run, its tasks and the failed task message', async () => {
    await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/done'), process: 'fullRefresh', includingManualRefreshes: true });
    await runToEnd(gw, 'segments');
    await runToEnd(gw, 'measures');
    // The data source's folder is broken: its task fails, the run ends Failed, the rest still runs.
    writeFileSync(join(gw.dataDir, 'lake', 'demo', 'datasources', 'PosSystem', 'model.json'), '{ not json');
    const run = await runToEnd(gw, 'fullRefresh');
    expect(run.status).toBe('Failed');
    const failed = run.tasks.find((t: { status: string }) => t.status === 'Failed');
    expect(failed).toMatchObject({ kind: 'dataSource', name: 'PosSystem', error: { ErrorCode: 'CDM_FOLDER_INVALID' } });

    const [event] = await receiver.waitFor((r) => r.path === '/done', 10_000);
    const link = String(event.json.StatusPage);
    expect(link).toContain(`/status/demo/runs/${run.id}?token=`);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    const response = await page.goto(link.replace(/^http:\/\/localhost:/, 'http://127.0.0.1:'));
    expect(response?.status()).toBe(200);
    const tasks = page.locator('[data-testid="task"]');
    expect(await tasks.count()).toBe(run.tasks.length);
    expect(await page.locator('[data-testid="task"][data-status="Failed"]').count()).toBe(1);
    const error = page.locator('[data-testid="task-error"]');
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toContain(failed.error.ErrorMessage.slice(0, 40));
    expect(await page.locator('body').innerText()).toContain('HighValue');
    await page.screenshot({ path: join(ARTIFACTS, 'status-gateway-run.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the overview behind Basic auth, with the last runs and a chart per segment and measure', async () => {
    const anonymous = await call(`${gw.url}/status/demo`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);

    const context = await browser.newContext({ httpCredentials: { username: 'demo-admin', password: gw.admin.authorization.slice('Bearer '.length) } });
    const page = await context.newPage();
    const response = await page.goto(`${gw.url}/status/demo`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('[data-testid="process-fullRefresh"]').innerText()).toContain('Failed');
    expect(await page.locator('[data-testid="process-segments"]').innerText()).toContain('Successful');
    for (const chart of ['chart-segment-HighValue', 'chart-segment-GoldAndPlatinum', 'chart-measure-CustomerCount', 'chart-measure-TotalSpend']) {
      const svg = page.locator(`[data-testid="${chart}"]`);
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(50);
      expect(box?.height).toBeGreaterThan(10);
      // Two evaluations each (the segments or measures run, then the full refresh): two vertices.
      expect(await svg.evaluate((element: ChartElement) => element.querySelector('polyline')?.points.numberOfItems ?? 0)).toBe(2);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'status-gateway-overview.png'), fullPage: true });
    await context.close();
  });
});
