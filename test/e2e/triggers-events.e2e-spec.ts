import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, Json, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { getRun, runToEnd, startRun, subscribe, unsubscribe, waitForRun } from './support/runs';
import { pause, ReceivedRequest, startWebhookReceiver, verifySignature, WebhookReceiver } from './support/webhook-receiver';

/**
 * The six triggers firing from real runs (§6.1, §6.3) into a real HTTP receiver on loopback:
 * every body field and the Standard Webhooks signature of every delivery checked, and the
 * events that must NOT fire checked in the outbox (deliveries are committed with the run
 * step that causes them, §6.2, so a finished run has all of its deliveries recorded).
 */
describe('trigger events from runs (e2e)', () => {
  let gw: RunningGateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    [gw, receiver] = await Promise.all([startGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: '50' }), startWebhookReceiver()]);
  });
  afterAll(async () => {
    await gw?.close();
    await receiver?.close();
  });

  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const WAIT_MS = 8_000;
  const modelJson = () => join(gw.dataDir, 'lake', 'demo', 'datasources', 'PosSystem', 'model.json');

  /** The subscription's delivery counters in the admin API: what the outbox holds for it. */
  async function outbox(subscriptionId: string): Promise<{ delivered: number; pending: number; dead: number }> {
    const res = await call(`${gw.url}/admin/datasets/demo/subscriptions`, { headers: gw.admin });
    expect(res.status).toBe(200);
    const found = res.body.value.find((s: Json) => s.id === subscriptionId);
    if (!found) throw new Error(`subscription ${subscriptionId} is not listed`);
    return found.deliveries;
  }
  const committed = async (id: string) => {
    const { delivered, pending, dead } = await outbox(id);
    return delivered + pending + dead;
  };

  /** The requests that arrived for `path`, once there are `count`; each must verify with the subscription's secret. */
  async function received(subscription: Json, path: string, count = 1): Promise<ReceivedRequest[]> {
    const requests = await receiver.waitFor((r) => r.path === path, WAIT_MS, count);
    for (const request of requests) expectSigned(subscription, request);
    return requests;
  }

  /** What a receiver checks: the Standard Webhooks headers, verified with the reference library. */
  function expectSigned(subscription: Json, request: ReceivedRequest): void {
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]+$/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifySignature(subscription.secret, request)).toEqual(request.json);
    // A signature that checks out with any secret would prove nothing.
    expect(() => verifySignature(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, request)).toThrow();
    expect(() => verifySignature(subscription.secret, { ...request, rawBody: request.rawBody.replace(/}$/, ' }') })).toThrow();
  }

  async function customers(): Promise<{ CustomerId: string; LoyaltyPoints: number | null }[]> {
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items?$select=CustomerId,LoyaltyPoints`, { headers: gw.admin });
    expect(res.status).toBe(200);
    return res.body.value;
  }
  async function setPoints(customerId: string, points: number | null): Promise<void> {
    const res = await call(`${gw.url}/datasets/demo/tables/Customer/items/${customerId}`, jsonInit('PATCH', { LoyaltyPoints: points }, gw.admin));
    expect(res.status).toBe(200);
    expect(res.body.LoyaltyPoints).toBe(points);
  }
  const task = (run: Json, kind: string, name: string) => {
    const found = run.tasks.find((t: Json) => t.kind === kind && t.name === name);
    if (!found) throw new Error(`run ${run.id} has no ${kind} task '${name}'`);
    return found;
  };
  const minutes = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / 60_000);

  /** A StatusPage link: absolute, to this gateway's page of that run, with a token. */
  function expectStatusPage(link: string, runId: string): URL {
    const url = new URL(link);
    const gateway = new URL(gw.url);
    expect(url.protocol).toBe('http:');
    expect(url.port).toBe(gateway.port);
    expect(url.pathname).toBe(`/status/demo/runs/${runId}`);
    expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    return url;
  }

  describe('data-source refresh', () => {
    it('fires dataSourceRefreshCompleted once per data-source task, with the DataSourcesList of that data source', async () => {
      const completed = await subscribe(gw, 'dataSourceRefreshCompleted', { NotificationUrl: receiver.url('/ds/completed') });
      const failed = await subscribe(gw, 'dataSourceRefreshFailed', { NotificationUrl: receiver.url('/ds/failed-1') });

      const run = await runToEnd(gw, 'dataSources');
      expect(run.status).toBe('Successful');
      const pos = task(run, 'dataSource', 'PosSystem');
      const [event] = await received(completed, '/ds/completed');
      expect(event.json).toEqual({
        value: [
          {
            RefreshType: 'Full',
            RefreshObjectId: 'PosSystem',
            RefreshObjectVersion: expect.any(Number),
            Operation: 'DataSourceRefresh',
            JobType: 'Manual',
            ErrorCode: null,
            ErrorMessage: null,
            ErrorSeverity: null,
            StartTimeUtc: pos.startedAt,
            EndTimeUtc: pos.endedAt,
          },
        ],
      });
      const [source] = event.json.value;
      expect(Number.isSafeInteger(source.RefreshObjectVersion)).toBe(true);
      expect(source.StartTimeUtc).toMatch(ISO);
      expect(source.EndTimeUtc).toMatch(ISO);
      expect(Date.parse(source.StartTimeUtc)).toBeLessThanOrEqual(Date.parse(source.EndTimeUtc));
      expect(Date.parse(run.startedAt)).toBeLessThanOrEqual(Date.parse(source.StartTimeUtc));
      expect(Date.parse(source.EndTimeUtc)).toBeLessThanOrEqual(Date.parse(run.endedAt));

      // One event per task: a second refresh is a second event, a newer version of the data source.
      const again = await runToEnd(gw, 'dataSources');
      const [, second] = await received(completed, '/ds/completed', 2);
      expect(second.json.value[0]).toMatchObject({ RefreshObjectId: 'PosSystem', StartTimeUtc: task(again, 'dataSource', 'PosSystem').startedAt });
      expect(second.json.value[0].RefreshObjectVersion).toBeGreaterThanOrEqual(source.RefreshObjectVersion);
      expect(second.headers['webhook-id']).not.toBe(event.headers['webhook-id']);
      expect(await outbox(completed.id)).toMatchObject({ delivered: 2, pending: 0, dead: 0 });

      // The failure trigger saw nothing of two successful refreshes.
      expect(await committed(failed.id)).toBe(0);
      expect(receiver.at('/ds/failed-1')).toHaveLength(0);
      await unsubscribe(gw, completed.id);
      await unsubscribe(gw, failed.id);
    });

    it('fires dataSourceRefreshFailed when the CDM folder is broken; the run fails with that error and the previous data keeps serving', async () => {
      const failed = await subscribe(gw, 'dataSourceRefreshFailed', { NotificationUrl: receiver.url('/ds/failed') });
      const completed = await subscribe(gw, 'dataSourceRefreshCompleted', { NotificationUrl: receiver.url('/ds/completed-2') });
      const processes = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/ds/process'), process: 'dataSources', includingManualRefreshes: true });
      const purchases = `${gw.url}/datasets/demo/tables/PosPurchases/items?$count=true`;
      const before = await call(purchases, { headers: gw.admin });
      expect(before.status).toBe(200);
      expect(before.body['@odata.count']).toBeGreaterThan(0);

      const original = readFileSync(modelJson(), 'utf8');
      writeFileSync(modelJson(), '{ "name": "PosSystem", "entities": [ this is not JSON');
      try {
        const run = await runToEnd(gw, 'dataSources');
        expect(run.status).toBe('Failed');
        const pos = task(run, 'dataSource', 'PosSystem');
        expect(pos).toMatchObject({ status: 'Failed', error: { ErrorCode: 'CDM_FOLDER_INVALID', ErrorMessage: expect.stringMatching(/model\.json/), ErrorSeverity: 'Error' } });

        const [event] = await received(failed, '/ds/failed');
        expect(event.json).toEqual({
          value: [
            {
              RefreshType: 'Full',
              RefreshObjectId: 'PosSystem',
              RefreshObjectVersion: expect.any(Number),
              Operation: 'DataSourceRefresh',
              JobType: 'Manual',
              ErrorCode: 'CDM_FOLDER_INVALID',
              ErrorMessage: pos.error.ErrorMessage,
              ErrorSeverity: 'Error',
              StartTimeUtc: pos.startedAt,
              EndTimeUtc: pos.endedAt,
            },
          ],
        });
        // The process completed, Failed.
        const [completion] = await received(processes, '/ds/process');
        expect(completion.json).toMatchObject({ Process: 'dataSources', Status: 'Failed', StartTime: run.startedAt, EndTime: run.endedAt });
        expect(await committed(completed.id)).toBe(0);

        // A failed refresh leaves the previous data serving (§6.3).
        const after = await call(purchases, { headers: gw.admin });
        expect(after.status).toBe(200);
        expect(after.body).toEqual(before.body);
      } finally {
        writeFileSync(modelJson(), original);
      }

      // Repaired, the data source refreshes again.
      const repaired = await runToEnd(gw, 'dataSources');
      expect(repaired.status).toBe('Successful');
      const [ok] = await received(completed, '/ds/completed-2');
      expect(ok.json.value[0]).toMatchObject({ RefreshObjectId: 'PosSystem', ErrorCode: null });
      expect(receiver.at('/ds/failed')).toHaveLength(1);
      for (const s of [failed, completed, processes]) await unsubscribe(gw, s.id);
    });
  });

  /**
   * Two customers lifted far above everyone else's LoyaltyPoints make a segment and a measure
   * whose value this test controls exactly, whatever the generated demo holds.
   */
  describe('threshold triggers', () => {
    const WHALE = 99_000_000;
    let lifted: { CustomerId: string; LoyaltyPoints: number | null }[];

    beforeAll(async () => {
      const all = await customers();
      expect(all.every((c) => (c.LoyaltyPoints ?? 0) < WHALE)).toBe(true);
      lifted = all.slice(3, 5);
      await setPoints(lifted[0].CustomerId, WHALE + 1);
      await setPoints(lifted[1].CustomerId, WHALE + 2);
    });
    afterAll(async () => {
      for (const c of lifted ?? []) await setPoints(c.CustomerId, c.LoyaltyPoints);
    });

    const second = () => lifted[1].CustomerId;

    it('segmentThresholdCrossed: baseline first, one event per crossing from ≤ threshold to > threshold', async () => {
      const put = await call(`${gw.url}/admin/datasets/demo/segments/Whales`, jsonInit('PUT', { filter: `LoyaltyPoints gt ${WHALE}`, displayName: 'Whale customers' }, gw.admin));
      expect(put.status).toBe(200);
      // No evaluation yet: the first one after subscribing sets the baseline.
      const early = await subscribe(gw, 'segmentThresholdCrossed', { NotificationUrl: receiver.url('/seg/early'), segment: 'Whales', threshold: 1 });
      // Another segment's subscription must not hear about this one.
      const other = await subscribe(gw, 'segmentThresholdCrossed', { NotificationUrl: receiver.url('/seg/other'), segment: 'GoldAndPlatinum', threshold: 0 });

      const count = async (run: Json) => task(run, 'segment', 'Whales').result.entityCount;
      // 1. First evaluation: 2 members, above the threshold, but it is the baseline: nothing.
      expect(await count(await runToEnd(gw, 'segments'))).toBe(2);
      expect(await committed(early.id)).toBe(0);
      // 2. Down to 1 (≤ 1): nothing.
      await setPoints(second(), 10);
      expect(await count(await runToEnd(gw, 'segments'))).toBe(1);
      expect(await committed(early.id)).toBe(0);
      // A subscription made now takes the latest evaluation (1) as its baseline.
      const late = await subscribe(gw, 'segmentThresholdCrossed', { NotificationUrl: receiver.url('/seg/late'), segment: 'whales', threshold: 1 });
      // 3. Up to 2 (> 1): one event each.
      await setPoints(second(), WHALE + 2);
      const crossing = await runToEnd(gw, 'segments');
      expect(await count(crossing)).toBe(2);
      const [event] = await received(early, '/seg/early');
      const segments = await call(`${gw.url}/admin/datasets/demo/segments`, { headers: gw.admin });
      const listed = segments.body.value.find((s: Json) => s.name === 'Whales');
      expect(listed).toMatchObject({ entityCount: 2, evaluationDate: expect.stringMatching(ISO) });
      expect(event.json).toEqual({ Name: 'Whales', DisplayName: 'Whale customers', EvaluationDate: listed.evaluationDate, EntityCount: 2, Threshold: 1 });
      const whalesTask = task(crossing, 'segment', 'Whales');
      expect(Date.parse(whalesTask.startedAt)).toBeLessThanOrEqual(Date.parse(event.json.EvaluationDate));
      expect(Date.parse(event.json.EvaluationDate)).toBeLessThanOrEqual(Date.parse(whalesTask.endedAt));
      const [lateEvent] = await received(late, '/seg/late');
      expect(lateEvent.json).toEqual(event.json);
      // The members behind the count.
      const members = await call(`${gw.url}/datasets/demo/tables/Whales/items?$select=CustomerId`, { headers: gw.admin });
      expect(members.body.value.map((m: Json) => m.CustomerId).sort()).toEqual(lifted.map((c) => c.CustomerId).sort());
      // 4. Staying above: nothing more.
      expect(await count(await runToEnd(gw, 'segments'))).toBe(2);
      expect(await committed(early.id)).toBe(1);
      // 5. Below, then above again: fires again.
      await setPoints(second(), 10);
      expect(await count(await runToEnd(gw, 'segments'))).toBe(1);
      expect(await committed(early.id)).toBe(1);
      await setPoints(second(), WHALE + 2);
      expect(await count(await runToEnd(gw, 'segments'))).toBe(2);
      const [, again] = await received(early, '/seg/early', 2);
      expect(again.json).toMatchObject({ Name: 'Whales', EntityCount: 2, Threshold: 1 });
      expect(Date.parse(again.json.EvaluationDate)).toBeGreaterThan(Date.parse(event.json.EvaluationDate));
      expect(await outbox(early.id)).toEqual(expect.objectContaining({ delivered: 2, pending: 0, dead: 0 }));
      expect(await outbox(late.id)).toEqual(expect.objectContaining({ delivered: 2, pending: 0, dead: 0 }));

      // GoldAndPlatinum never moved: its subscription heard nothing, however many runs.
      expect(await committed(other.id)).toBe(0);
      for (const s of [early, late, other]) await unsubscribe(gw, s.id);
    });

    it('measureThresholdCrossed: the same semantics on a measure, with Value and ValueDisplayName', async () => {
      const put = await call(
        `${gw.url}/admin/datasets/demo/measures/WhalePoints`,
        jsonInit('PUT', { displayName: 'Average whale points', entity: 'Customer', aggregate: 'avg', field: 'LoyaltyPoints', filter: `LoyaltyPoints gt ${WHALE}` }, gw.admin),
      );
      expect(put.status).toBe(200);
      const threshold = WHALE + 1.25;
      const sub = await subscribe(gw, 'measureThresholdCrossed', { NotificationUrl: receiver.url('/measure'), measure: 'WhalePoints', threshold });
      const other = await subscribe(gw, 'measureThresholdCrossed', { NotificationUrl: receiver.url('/measure/other'), measure: 'CustomerCount', threshold: 0 });
      const value = async (run: Json) => task(run, 'measure', 'WhalePoints').result.value;

      // Baseline: avg(99000001, 99000002) = 99000001.5 > threshold, but first: nothing.
      expect(await value(await runToEnd(gw, 'measures'))).toBe(WHALE + 1.5);
      expect(await committed(sub.id)).toBe(0);
      // Down to one whale: 99000001 ≤ threshold.
      await setPoints(second(), 10);
      expect(await value(await runToEnd(gw, 'measures'))).toBe(WHALE + 1);
      expect(await committed(sub.id)).toBe(0);
      // Back up: crosses.
      await setPoints(second(), WHALE + 2);
      expect(await value(await runToEnd(gw, 'measures'))).toBe(WHALE + 1.5);
      const [event] = await received(sub, '/measure');
      const measures = await call(`${gw.url}/admin/datasets/demo/measures`, { headers: gw.admin });
      const listed = measures.body.value.find((m: Json) => m.name === 'WhalePoints');
      expect(listed).toMatchObject({ value: WHALE + 1.5, evaluationDate: expect.stringMatching(ISO) });
      expect(event.json).toEqual({
        Name: 'WhalePoints',
        DisplayName: 'Average whale points',
        EvaluationDate: listed.evaluationDate,
        Value: 99000001.5,
        ValueDisplayName: '99,000,001.5',
        Threshold: threshold,
      });
      // Staying above: nothing more.
      await runToEnd(gw, 'measures');
      expect(await committed(sub.id)).toBe(1);
      // CustomerCount stayed where it was: nothing for it.
      expect(await committed(other.id)).toBe(0);
      await pause(200);
      expect(receiver.at('/measure')).toHaveLength(1);
      for (const s of [sub, other]) await unsubscribe(gw, s.id);
    });
  });

  describe('processCompleted', () => {
    it('fires for manual runs only when asked, for the chosen process, also inside a full refresh', async () => {
      const manual = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/pc/manual'), process: 'segments', includingManualRefreshes: true });
      const omitted = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/pc/omitted'), process: 'segments' });
      const refused = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/pc/false'), process: 'segments', includingManualRefreshes: false });
      const measures = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/pc/measures'), process: 'measures', includingManualRefreshes: true });
      const every = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/pc/every'), includingManualRefreshes: true });

      // A manual segments run.
      const segmentsRun = await runToEnd(gw, 'segments');
      expect(segmentsRun).toMatchObject({ status: 'Successful', submissionKind: 'Manual' });
      const [event] = await received(manual, '/pc/manual');
      expect(event.json).toEqual({
        Process: 'segments',
        StartTime: segmentsRun.startedAt,
        EndTime: segmentsRun.endedAt,
        Duration: minutes(segmentsRun.startedAt, segmentsRun.endedAt),
        Status: 'Successful',
        StatusPage: expect.any(String),
      });
      expect(Number.isInteger(event.json.Duration)).toBe(true);
      expect(event.json.StartTime).toMatch(ISO);
      expect(event.json.EndTime).toMatch(ISO);
      expectStatusPage(event.json.StatusPage, segmentsRun.id);
      expect(await committed(measures.id)).toBe(0);

      // A manual full refresh completes the segments process it contains (§6.1).
      const full = await runToEnd(gw, 'fullRefresh');
      expect(full.status).toBe('Successful');
      const [, inside] = await received(manual, '/pc/manual', 2);
      const segmentTasks = full.tasks.filter((t: Json) => t.process === 'segments');
      expect(segmentTasks.length).toBeGreaterThan(0);
      expect(inside.json).toEqual({
        Process: 'segments',
        StartTime: segmentTasks[0].startedAt,
        EndTime: segmentTasks.at(-1).endedAt,
        Duration: minutes(segmentTasks[0].startedAt, segmentTasks.at(-1).endedAt),
        Status: 'Successful',
        StatusPage: expect.any(String),
      });
      expectStatusPage(inside.json.StatusPage, full.id);
      const [measuresEvent] = await received(measures, '/pc/measures');
      expect(measuresEvent.json).toMatchObject({ Process: 'measures', Status: 'Successful', StartTime: full.tasks.find((t: Json) => t.process === 'measures').startedAt });

      // Without the process filter: the segments run, then each part of the full refresh and the full refresh itself, in order.
      const all = await received(every, '/pc/every', 5);
      expect(all.map((r) => r.json.Process)).toEqual(['segments', 'dataSources', 'segments', 'measures', 'fullRefresh']);
      expect(all[4].json).toMatchObject({ StartTime: full.startedAt, EndTime: full.endedAt, Status: 'Successful' });

      // Manual runs never reach subscriptions that did not ask for them.
      expect(await committed(omitted.id)).toBe(0);
      expect(await committed(refused.id)).toBe(0);
      expect(await outbox(manual.id)).toMatchObject({ delivered: 2, pending: 0, dead: 0 });
      for (const s of [manual, omitted, refused, measures, every]) await unsubscribe(gw, s.id);
    });

    it('links StatusPage to the run page, which opens without credentials; a tampered token gets 401 + WWW-Authenticate: Basic', async () => {
      const sub = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/pc/status'), process: 'measures', includingManualRefreshes: true });
      const run = await runToEnd(gw, 'measures');
      const [event] = await received(sub, '/pc/status');
      const link = expectStatusPage(event.json.StatusPage, run.id);

      const page = await call(link.href);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toMatch(/^<!DOCTYPE html>/i);
      expect(page.text).toContain(run.id);

      const token = link.searchParams.get('token') as string;
      const [body, mac] = token.split('.');
      const flipped = `${body}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
      for (const bad of [flipped, `${body.slice(0, -2)}xx.${mac}`, 'not-a-token']) {
        const res = await call(`${gw.url}${link.pathname}?token=${encodeURIComponent(bad)}`);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      }
      expect((await call(`${gw.url}${link.pathname}`)).status).toBe(401);
      // The token opens that page only: not the overview, not another run.
      expect((await call(`${gw.url}/status/demo?token=${encodeURIComponent(token)}`)).status).toBe(401);
      const other = await runToEnd(gw, 'measures');
      expect((await call(`${gw.url}/status/demo/runs/${other.id}?token=${encodeURIComponent(token)}`)).status).toBe(401);
      await unsubscribe(gw, sub.id);
    });
  });

  describe('canceled runs', () => {
    it('completes a run canceled while queued with status Canceled; canceling a finished run is a 409', async () => {
      const sub = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/cancel'), process: 'segments', includingManualRefreshes: true });
      const first = await startRun(gw, 'fullRefresh');
      const queued = await startRun(gw, 'segments');
      expect(queued).toEqual({ id: expect.stringMatching(/^run_/), process: 'segments', status: 'Queued', submissionKind: 'Manual', createdAt: expect.stringMatching(ISO) });

      const cancel = await call(`${gw.url}/admin/datasets/demo/runs/${queued.id}/cancel`, jsonInit('POST', {}, gw.admin));
      expect(cancel.status).toBe(202);
      expect(cancel.body).toMatchObject({ id: queued.id, status: 'Canceled', cancelRequested: true, tasks: [] });

      const ran = await waitForRun(gw, first.id);
      expect(ran.status).toBe('Successful');
      const canceled = await waitForRun(gw, queued.id);
      expect(canceled).toMatchObject({ status: 'Canceled', startedAt: null, endedAt: expect.stringMatching(ISO), tasks: [] });

      // The subscription hears the segments part of the full refresh, and the canceled run.
      const events = await received(sub, '/cancel', 2);
      const statuses = events.map((e) => e.json.Status).sort();
      expect(statuses).toEqual(['Canceled', 'Successful']);
      const canceledEvent = events.find((e) => e.json.Status === 'Canceled') as ReceivedRequest;
      expect(canceledEvent.json).toEqual({
        Process: 'segments',
        StartTime: canceled.createdAt,
        EndTime: canceled.endedAt,
        Duration: 0,
        Status: 'Canceled',
        StatusPage: expect.any(String),
      });
      expectStatusPage(canceledEvent.json.StatusPage, queued.id);

      for (const id of [queued.id, first.id]) {
        const again = await call(`${gw.url}/admin/datasets/demo/runs/${id}/cancel`, jsonInit('POST', {}, gw.admin));
        expect(again.status).toBe(409);
        expect(again.body.error).toEqual({ code: 'RUN_FINISHED', message: expect.stringContaining('already finished'), target: id, details: [] });
      }
      expect((await getRun(gw, first.id)).status).toBe('Successful');
      const unknown = await call(`${gw.url}/admin/datasets/demo/runs/run_nope/cancel`, jsonInit('POST', {}, gw.admin));
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('RUN_NOT_FOUND');
      await unsubscribe(gw, sub.id);
    });
  });

  describe('delivery (§6.2)', () => {
    it('retries a 5xx with the same webhook-id, every attempt signed', async () => {
      receiver.respond('/retry', 503, { status: 500, body: 'oops' });
      const sub = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/retry'), process: 'measures', includingManualRefreshes: true });
      await runToEnd(gw, 'measures');
      const attempts = await received(sub, '/retry', 3);
      expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
      expect(attempts.map((a) => a.rawBody)).toEqual([attempts[0].rawBody, attempts[0].rawBody, attempts[0].rawBody]);
      await pause(200);
      expect(receiver.at('/retry')).toHaveLength(3);
      expect(await outbox(sub.id)).toMatchObject({ delivered: 1, pending: 0, dead: 0, failedAttempts: 2 });
      await unsubscribe(gw, sub.id);
    });

    it('dead-letters an answer that retrying will not change; re-drive sends it again; 410 deactivates the subscription', async () => {
      receiver.respond('/dead', 400);
      const sub = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/dead'), process: 'measures', includingManualRefreshes: true });
      await runToEnd(gw, 'measures');
      const [first] = await received(sub, '/dead');
      let dead: Json[] = [];
      for (let i = 0; i < 100 && dead.length === 0; i++) {
        dead = (await call(`${gw.url}/admin/datasets/demo/deliveries?state=dead`, { headers: gw.admin })).body.value.filter((d: Json) => d.subscriptionId === sub.id);
        if (dead.length === 0) await pause(20);
      }
      expect(dead).toEqual([
        expect.objectContaining({ id: first.headers['webhook-id'], state: 'dead', attempts: 1, lastStatus: 400, eventType: 'processCompleted', payload: first.json }),
      ]);
      const redrive = await call(`${gw.url}/admin/datasets/demo/deliveries/${dead[0].id}/redrive`, jsonInit('POST', {}, gw.admin));
      expect(redrive.status).toBe(202);
      const [, resent] = await received(sub, '/dead', 2);
      expect(resent.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(resent.rawBody).toBe(first.rawBody);

      receiver.respond('/gone', 410);
      const gone = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/gone'), process: 'measures', includingManualRefreshes: true });
      await runToEnd(gw, 'measures');
      await received(gone, '/gone');
      let listed: Json;
      for (let i = 0; i < 100; i++) {
        listed = (await call(`${gw.url}/admin/datasets/demo/subscriptions`, { headers: gw.admin })).body.value.find((s: Json) => s.id === gone.id);
        if (listed.state !== 'active') break;
        await pause(20);
      }
      expect(listed).toMatchObject({ state: 'inactive', deliveries: expect.objectContaining({ dead: 1 }) });
      // An inactive subscription gets no more events.
      await runToEnd(gw, 'measures');
      expect(await committed(gone.id)).toBe(1);
      await unsubscribe(gw, sub.id);
      await unsubscribe(gw, gone.id);
    });
  });

  /** Last: a schedule firing every two seconds would start runs under the other tests. */
  describe('fullRefreshCompleted', () => {
    it('fires for scheduled full refreshes only, with NumberOfFailedTasks, and stops when the schedule is deactivated', async () => {
      const full = await subscribe(gw, 'fullRefreshCompleted', { NotificationUrl: receiver.url('/full') });
      const scheduledOnly = await subscribe(gw, 'processCompleted', { NotificationUrl: receiver.url('/full/segments'), process: 'segments' });
      const sourceFailed = await subscribe(gw, 'dataSourceRefreshFailed', { NotificationUrl: receiver.url('/full/source-failed') });

      // A manual full refresh fires neither.
      expect((await runToEnd(gw, 'fullRefresh')).status).toBe('Successful');
      expect(await committed(full.id)).toBe(0);
      expect(await committed(scheduledOnly.id)).toBe(0);

      // Scheduled, with a broken data source: one failed task.
      const original = readFileSync(modelJson(), 'utf8');
      writeFileSync(modelJson(), 'not json');
      const schedule = `${gw.url}/admin/datasets/demo/schedule`;
      let failedEvent: ReceivedRequest;
      let okEvent: ReceivedRequest;
      try {
        const put = await call(schedule, jsonInit('PUT', { cron: ['*/2 * * * * *'], timezone: 'UTC', active: true }, gw.admin));
        expect(put.status).toBe(200);
        expect(put.body).toEqual({ cron: ['*/2 * * * * *'], timezone: 'UTC', active: true });
        [failedEvent] = await received(full, '/full', 1);
      } finally {
        writeFileSync(modelJson(), original);
      }
      const failedRunId = new URL(failedEvent.json.StatusPage).pathname.split('/').pop() as string;
      const failedRun = await getRun(gw, failedRunId);
      expect(failedRun).toMatchObject({ process: 'fullRefresh', submissionKind: 'Scheduled', status: 'Failed' });
      expect(failedEvent.json).toEqual({
        NumberOfFailedTasks: 1,
        StartTime: failedRun.startedAt,
        EndTime: failedRun.endedAt,
        Duration: minutes(failedRun.startedAt, failedRun.endedAt),
        Status: 'Failed',
        StatusPage: expect.any(String),
      });
      expectStatusPage(failedEvent.json.StatusPage, failedRunId);
      expect(failedRun.tasks.filter((t: Json) => t.status === 'Failed')).toHaveLength(1);
      // The data-source event of a scheduled refresh says so.
      const sourceEvents = await received(sourceFailed, '/full/source-failed');
      expect(sourceEvents.map((e) => e.json.value[0])).toContainEqual(
        expect.objectContaining({ RefreshObjectId: 'PosSystem', JobType: 'Scheduled', ErrorCode: 'CDM_FOLDER_INVALID', StartTimeUtc: failedRun.tasks[0].startedAt }),
      );

      // Repaired: the next scheduled refresh succeeds with no failed task.
      try {
        const events = await receiver.waitFor((r) => r.path === '/full' && r.json?.Status === 'Successful', 15_000);
        okEvent = events[0];
        expectSigned(full, okEvent);
      } finally {
        const off = await call(schedule, jsonInit('PUT', { cron: ['*/2 * * * * *'], active: false }, gw.admin));
        expect(off.status).toBe(200);
        expect(off.body).toEqual({ cron: ['*/2 * * * * *'], timezone: 'UTC', active: false });
      }
      const okRun = await getRun(gw, new URL(okEvent.json.StatusPage).pathname.split('/').pop() as string);
      expect(okRun).toMatchObject({ process: 'fullRefresh', submissionKind: 'Scheduled', status: 'Successful' });
      expect(okEvent.json).toEqual({
        NumberOfFailedTasks: 0,
        StartTime: okRun.startedAt,
        EndTime: okRun.endedAt,
        Duration: minutes(okRun.startedAt, okRun.endedAt),
        Status: 'Successful',
        StatusPage: expect.any(String),
      });

      // processCompleted without includingManualRefreshes hears the segments part of scheduled refreshes.
      const [segmentsPart] = await received(scheduledOnly, '/full/segments');
      expect(segmentsPart.json).toMatchObject({ Process: 'segments', Status: 'Successful' });

      // Deactivated: no more scheduled runs.
      expect((await call(schedule, { headers: gw.admin })).body).toEqual({ cron: ['*/2 * * * * *'], timezone: 'UTC', active: false });
      const scheduledRuns = async () => {
        const res = await call(`${gw.url}/admin/datasets/demo/runs?process=fullRefresh`, { headers: gw.admin });
        return res.body.value.filter((r: Json) => r.submissionKind === 'Scheduled');
      };
      for (const run of await scheduledRuns()) await waitForRun(gw, run.id);
      const before = (await scheduledRuns()).length;
      await pause(2_500);
      expect((await scheduledRuns()).length).toBe(before);
      for (const s of [full, scheduledOnly, sourceFailed]) await unsubscribe(gw, s.id);
    });
  });
});
