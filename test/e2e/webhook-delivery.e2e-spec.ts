import { call, jsonInit, RunningGateway, startGateway } from './support/gateway-harness';
import { waitForExit } from './support/gateway-process';
import { DeliveryGate } from './support/delivery-gate';
import {
  CreatedSubscription,
  eventually,
  listDeliveries,
  listSubscriptions,
  receivedStreams,
  runIdOf,
  spawnWorker,
  startMeasuresRun,
  subscribeToMeasureRuns,
  unsubscribe,
  waitForRun,
  webhookIdOf,
  WorkerProcess,
} from './support/delivery-support';
import { pause, startWebhookReceiver, verifySignature, WebhookReceiver } from './support/webhook-receiver';

/**
 * Durable webhook delivery (§6.2), end to end through a real receiver on 127.0.0.1: retries
 * with backoff and Retry-After under one `webhook-id`, a receiver that is down, 404/410 and
 * dead letters with re-drive, and delivery by the separate worker process. Events come from
 * `processCompleted` subscriptions to the `measures` process (one event per subscription per
 * run, §6.1). The kill -9 cases are in webhook-crash.e2e-spec.ts.
 */

const BASE_MS = 200;

describe('webhook delivery (e2e)', () => {
  let gw: RunningGateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    gw = await startGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: String(BASE_MS) });
  });
  afterAll(async () => {
    await gw?.close();
    await receiver?.close();
  });

  it('retries 5xx and 429 under one webhook-id with growing waits, honours Retry-After, and stops once accepted', async () => {
    receiver.respond('/t1', 500, { status: 429, headers: { 'retry-after': '1' } }, 500, 500, 200);
    const sub = await subscribeToMeasureRuns(gw, receiver.url('/t1'));
    try {
      const run = await waitForRun(gw, await startMeasuresRun(gw));
      const attempts = await receiver.waitFor((r) => r.path === '/t1', 15_000, 5);
      expect(attempts).toHaveLength(5);

      const ids = new Set(attempts.map(webhookIdOf));
      expect(ids.size).toBe(1);
      const [id] = ids;
      expect(id).toMatch(/^msg_/);
      // Every attempt is signed afresh (its own timestamp) over the same body.
      for (const attempt of attempts) expect(verifySignature(sub.secret, attempt)).toEqual(attempts[0].json);
      expect(new Set(attempts.map((a) => a.rawBody)).size).toBe(1);
      expect(runIdOf(attempts[0].json)).toBe(run.id);
      expect(attempts[0].json).toMatchObject({ Process: 'measures', Status: 'Successful' });

      // Waits after attempt n: backoff = BASE × 2^(n−1), 0.5–1 × that with jitter; Retry-After only lengthens it.
      const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
      const [afterFirst500, after429, afterSecond500, afterThird500] = gaps;
      expect(afterFirst500).toBeGreaterThanOrEqual(BASE_MS / 2);
      expect(afterFirst500).toBeLessThan(BASE_MS + 1000);
      expect(after429).toBeGreaterThanOrEqual(1000); // Retry-After: 1 (the backoff alone would be 200–400 ms)
      expect(after429).toBeLessThan(2500);
      expect(afterSecond500).toBeGreaterThanOrEqual(2 * BASE_MS); // attempt 3: 400–800 ms
      expect(afterThird500).toBeGreaterThanOrEqual(4 * BASE_MS); // attempt 4: 800–1600 ms
      expect(afterThird500).toBeGreaterThan(afterFirst500);

      // Accepted: no further attempt, and the admin API says so.
      await pause(BASE_MS * 4);
      expect(receiver.at('/t1')).toHaveLength(5);
      const delivery = (await listDeliveries(gw, 'delivered')).find((d) => d.id === id);
      expect(delivery).toMatchObject({ subscriptionId: sub.id, state: 'delivered', attempts: 5, lastStatus: 200 });
      const stats = (await listSubscriptions(gw)).find((s) => s.id === sub.id);
      expect(stats).toMatchObject({ state: 'active', deliveries: { delivered: 1, pending: 0, dead: 0, failedAttempts: 4 } });
    } finally {
      await unsubscribe(gw, sub.id);
    }
  });

  it('loses nothing while the receiver is down for longer than the runs, and delivers in order per subscription', async () => {
    const gate = await DeliveryGate.start(Number(new URL(receiver.origin).port));
    const paths = ['/t2/a', '/t2/b', '/t2/c', '/t2/d'];
    const subs: CreatedSubscription[] = [];
    try {
      for (const path of paths) subs.push(await subscribeToMeasureRuns(gw, gate.url(path)));
      await gate.close();
      const downSince = Date.now();
      const runIds: string[] = [];
      for (let i = 0; i < 3; i++) runIds.push(await startMeasuresRun(gw));
      const runs = [];
      for (const id of runIds) runs.push(await waitForRun(gw, id));
      expect(runs.map((r) => r.status)).toEqual(['Successful', 'Successful', 'Successful']);
      // Down for longer than a run, and long enough that every head has failed at least twice.
      await eventually(
        'every subscription has failed attempts',
        async () => {
          const mine = (await listSubscriptions(gw)).filter((s) => subs.some((x) => x.id === s.id));
          return mine.every((s) => s.deliveries.failedAttempts >= 2 && s.deliveries.pending === 3) ? mine : undefined;
        },
        10_000,
      );
      const longestRunMs = Math.max(...runs.map((r) => r.durationMs as number));
      expect(Date.now() - downSince).toBeGreaterThan(longestRunMs);
      expect(receiver.requests.filter((r) => r.path.startsWith('/t2/'))).toHaveLength(0);

      await gate.open();
      const arrived = await receiver.waitFor((r) => r.path.startsWith('/t2/'), 15_000, paths.length * runIds.length);
      await pause(BASE_MS * 2);
      const streams = receivedStreams(receiver.requests, new Map(paths.map((p, i) => [p, subs[i].secret])));
      for (const path of paths) {
        const stream = streams.get(path);
        expect(stream?.duplicates).toBe(0);
        // Every run's event, in the order the runs committed.
        expect(stream?.bodies.map((b) => runIdOf(JSON.parse(b)))).toEqual(runIds);
      }
      expect(arrived).toHaveLength(paths.length * runIds.length);
      const stats = (await listSubscriptions(gw)).filter((s) => subs.some((x) => x.id === s.id));
      for (const s of stats) expect(s.deliveries).toMatchObject({ delivered: 3, pending: 0, dead: 0 });
    } finally {
      await gate.close();
      for (const sub of subs) await unsubscribe(gw, sub.id);
    }
  });

  it('deactivates a subscription on 404/410, dead-letters a 400, and re-drives it under the same webhook-id', async () => {
    receiver.respond('/t3/gone404', 404);
    receiver.respond('/t3/gone410', 410);
    receiver.respond('/t3/bad400', 400);
    const gone404 = await subscribeToMeasureRuns(gw, receiver.url('/t3/gone404'));
    const gone410 = await subscribeToMeasureRuns(gw, receiver.url('/t3/gone410'));
    const bad400 = await subscribeToMeasureRuns(gw, receiver.url('/t3/bad400'));
    try {
      await waitForRun(gw, await startMeasuresRun(gw));
      await receiver.waitFor((r) => r.path.startsWith('/t3/'), 10_000, 3);

      const subs = await eventually(
        'the 404 and 410 subscriptions are inactive',
        async () => {
          const all = await listSubscriptions(gw);
          const find = (id: string) => all.find((s) => s.id === id);
          return find(gone404.id)?.state === 'inactive' && find(gone410.id)?.state === 'inactive' ? find : undefined;
        },
        5_000,
      );
      expect(subs(gone404.id)).toMatchObject({ state: 'inactive', stateReason: 'HTTP 404 from the receiver', deliveries: { delivered: 0, pending: 0, dead: 1 } });
      expect(subs(gone410.id)).toMatchObject({ state: 'inactive', stateReason: 'HTTP 410 from the receiver', deliveries: { delivered: 0, pending: 0, dead: 1 } });
      expect(subs(bad400.id)).toMatchObject({ state: 'active', stateReason: null, deliveries: { delivered: 0, pending: 0, dead: 1, failedAttempts: 1 } });

      const dead = await listDeliveries(gw, 'dead');
      const letter = dead.find((d) => d.subscriptionId === bad400.id);
      expect(letter).toMatchObject({ state: 'dead', attempts: 1, lastStatus: 400, lastError: 'HTTP 400 (not retried)', nextAttemptAt: null });
      const [first400] = receiver.at('/t3/bad400');
      expect(letter.id).toBe(webhookIdOf(first400));
      expect(letter.payload).toEqual(first400.json);

      // A second event: nothing for the inactive ones; the 400 subscription is still served.
      await waitForRun(gw, await startMeasuresRun(gw));
      await receiver.waitFor((r) => r.path === '/t3/bad400', 5_000, 2);
      await pause(BASE_MS * 4);
      expect(receiver.at('/t3/gone404')).toHaveLength(1);
      expect(receiver.at('/t3/gone410')).toHaveLength(1);

      // A dead letter of an inactive subscription cannot be re-driven (it would never be sent).
      const goneLetter = dead.find((d) => d.subscriptionId === gone410.id);
      expect((await call(`${gw.url}/admin/datasets/demo/deliveries/${goneLetter.id}/redrive`, jsonInit('POST', {}, gw.admin))).status).toBe(409);

      // Re-drive: back in the queue, sent again under the same webhook-id, accepted this time.
      const redrive = await call(`${gw.url}/admin/datasets/demo/deliveries/${letter.id}/redrive`, jsonInit('POST', {}, gw.admin));
      expect(redrive.status).toBe(202);
      expect(redrive.body).toMatchObject({ id: letter.id, state: 'pending', attempts: 0 });
      const after = await receiver.waitFor((r) => r.path === '/t3/bad400', 5_000, 3);
      const resent = after[2];
      expect(webhookIdOf(resent)).toBe(letter.id);
      expect(resent.rawBody).toBe(first400.rawBody);
      expect(verifySignature(bad400.secret, resent)).toEqual(first400.json);
      const delivered = await eventually(
        'the re-driven delivery is delivered',
        async () => (await listDeliveries(gw, 'delivered')).find((d) => d.id === letter.id),
        5_000,
      );
      expect(delivered).toMatchObject({ attempts: 1, lastStatus: 200 });
      expect((await listDeliveries(gw, 'dead')).some((d) => d.id === letter.id)).toBe(false);
    } finally {
      for (const sub of [gone404, gone410, bad400]) await unsubscribe(gw, sub.id);
    }
  });

  describe('with WEBHOOK_DELIVERY=worker', () => {
    let workerGw: RunningGateway;
    let worker: WorkerProcess | undefined;

    beforeAll(async () => {
      workerGw = await startGateway({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: String(BASE_MS), WEBHOOK_DELIVERY: 'worker' });
    });
    afterAll(async () => {
      if (worker && worker.child.exitCode === null) {
        worker.child.kill('SIGKILL');
        await waitForExit(worker.child);
      }
      await workerGw?.close();
    });

    it('the gateway delivers nothing; the worker process on the same DATA_DIR delivers everything, in order', async () => {
      const paths = ['/t5/a', '/t5/b'];
      const subs: CreatedSubscription[] = [];
      for (const path of paths) subs.push(await subscribeToMeasureRuns(workerGw, receiver.url(path)));
      const runIds = [await startMeasuresRun(workerGw), await startMeasuresRun(workerGw)];
      for (const id of runIds) await waitForRun(workerGw, id);
      // Well past the dispatcher's poll interval (500 ms) and first retry: the gateway sends nothing.
      await pause(1500);
      expect(receiver.requests.filter((r) => r.path.startsWith('/t5/'))).toHaveLength(0);
      for (const s of (await listSubscriptions(workerGw)).filter((x) => subs.some((y) => y.id === x.id))) {
        expect(s.deliveries).toMatchObject({ delivered: 0, pending: 2, failedAttempts: 0 });
      }

      worker = await spawnWorker({ ...workerGw.storeEnv, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_BASE_MS: String(BASE_MS) });
      await receiver.waitFor((r) => r.path.startsWith('/t5/'), 15_000, 4);
      // An event committed while the worker runs reaches it by its poll (no in-process wake-up).
      runIds.push(await startMeasuresRun(workerGw));
      await waitForRun(workerGw, runIds[2]);
      await receiver.waitFor((r) => r.path.startsWith('/t5/'), 5_000, 6);

      const streams = receivedStreams(receiver.requests, new Map(paths.map((p, i) => [p, subs[i].secret])));
      for (const path of paths) {
        expect(streams.get(path)?.duplicates).toBe(0);
        expect(streams.get(path)?.bodies.map((b) => runIdOf(JSON.parse(b)))).toEqual(runIds);
      }
      // The receiver has them; the worker records each answer right after.
      const recorded = await eventually(
        'the worker has recorded every delivery',
        async () => {
          const mine = (await listSubscriptions(workerGw)).filter((x) => subs.some((y) => y.id === x.id));
          return mine.every((s) => s.deliveries.pending === 0) ? mine : undefined;
        },
        5_000,
      );
      for (const s of recorded) expect(s.deliveries).toMatchObject({ delivered: 3, pending: 0, dead: 0, failedAttempts: 0 });

      // SIGTERM: the worker stops its dispatcher and closes the store cleanly.
      worker.child.kill('SIGTERM');
      await waitForExit(worker.child);
      // (Nest re-raises the signal once closed, so it ends by SIGTERM, not with code 0.)
      expect(worker.child.exitCode === 0 || worker.child.signalCode === 'SIGTERM').toBe(true);
      expect(worker.output()).toMatch(/webhook dispatcher \S+ stopped/);
      // pino JSON lines (§8): no warning or error logged.
      expect(worker.output()).not.toMatch(/"level":"(warn|error|fatal)"|ERROR|WARN/);
    });
  });
});
