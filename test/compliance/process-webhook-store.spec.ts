import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BoundExpr, bindQuery, EntityMetadata, parseQueryOptions, parseQueryString, QueryLimits } from '@app/odata';
import {
  ClaimedDelivery,
  InstanceManifest,
  ItemValue,
  MEASURE_AGGREGATES,
  NewDelivery,
  NotFoundError,
  RunRecord,
  StorageDriver,
  Subscription,
  TaskRecord,
} from '@app/storage';
import { OpenedStore, storeFactories } from '../support/store-factories';

/** `n` seconds after a fixed origin, as the stores receive times: `toISOString()` UTC. */
const at = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();

const manifest: InstanceManifest = {
  name: 'shop',
  displayName: 'Shop',
  searchIndex: ['City'],
  entities: [
    {
      name: 'Customer',
      kind: 'profile',
      key: 'CustomerId',
      attributes: [
        { name: 'CustomerId', type: 'String' },
        { name: 'City', type: 'String' },
        { name: 'Points', type: 'Int64' },
        { name: 'Spend', type: 'Double' },
        { name: 'Vip', type: 'Boolean' },
      ],
    },
    // A segment's members: profile attributes by name (here a subset), key CustomerId.
    { name: 'Members', kind: 'segment', key: 'CustomerId', attributes: [{ name: 'CustomerId', type: 'String' }, { name: 'City', type: 'String' }, { name: 'Vip', type: 'Boolean' }] },
  ],
};

const customers: ItemValue[][] = [
  ['c1', 'Berlin', 10, 2.5, true],
  ['c2', 'Paris', 1, 1, false],
  ['c3', null, null, null, null],
  ['c4', 'Berlin', -5, 4, true],
  ['c5', 'Oslo', 7, 0.5, false],
];

function task(seq: number, name: string, status: TaskRecord['status'] = 'Queued'): TaskRecord {
  return { seq, process: 'segments', kind: 'segment', name, status };
}

/** The run and outbox behaviour every driver must show, once per driver of `storeFactories`. */
describe.each(storeFactories)('ProcessStore and WebhookStore ($name)', (factory) => {
  let dir: string;
  let store: OpenedStore;
  let sut: StorageDriver;
  let runs = 0;
  /** Drivers of `openAnother` still open: closed after the test, even when it fails. */
  const others = new Set<StorageDriver>();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'igw-runs-'));
    store = await factory.open(dir);
    sut = store.driver;
  });
  afterEach(async () => {
    for (const other of others) await other.close();
    others.clear();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A second driver on the same store, as another process (replica, worker, restart) opens it. */
  async function openAnother(): Promise<StorageDriver> {
    if (!store.openAnother) throw new Error(`the ${factory.name} store factory cannot open a second driver on one store`);
    const driver = await store.openAnother();
    others.add(driver);
    return driver;
  }
  async function closeAnother(driver: StorageDriver): Promise<void> {
    others.delete(driver);
    await driver.close();
  }

  const newRun = (overrides: Partial<Parameters<StorageDriver['processes']['createRun']>[0]> = {}) =>
    sut.processes.createRun({ id: `run_${++runs}`, instance: 'shop', process: 'segments', submissionKind: 'Manual', createdAt: at(runs), ...overrides });

  const subscribe = (id: string, overrides: Partial<Subscription> = {}) =>
    sut.webhooks.createSubscription({
      id,
      instance: 'shop',
      trigger: 'processCompleted',
      parameters: { process: 'segments', includingManualRefreshes: true },
      notificationUrl: `https://hooks.example/${id}`,
      secret: `whsec_${id}`,
      state: 'active',
      createdAt: at(0),
      ...overrides,
    });

  const message = (id: string, subscriptionId: string, createdAt: string): NewDelivery => ({
    id,
    subscriptionId,
    eventType: 'processCompleted',
    payload: JSON.stringify({ Process: 'segments', id }),
    createdAt,
  });

  /** Deliveries reach the outbox only through a run's commit. */
  async function enqueue(...deliveries: NewDelivery[]): Promise<void> {
    const run = await newRun();
    await sut.processes.commit({ runId: run.id, deliveries });
  }

  const claim = (now: string, limit = 10, leaseUntil = at(1000)) => sut.webhooks.claimDeliveries({ now, limit, leaseUntil, owner: 'test' });
  const ids = (claimed: readonly ClaimedDelivery[]) => claimed.map((d) => d.id);

  describe('runs', () => {
    it('creates a run queued, plans its tasks, updates them by seq and finishes it', async () => {
      const created = await newRun({ id: 'run_a' });
      expect(created).toEqual({
        id: 'run_a',
        instance: 'shop',
        process: 'segments',
        submissionKind: 'Manual',
        status: 'Queued',
        createdAt: created.createdAt,
        cancelRequested: false,
        tasks: [],
      });

      const started = await sut.processes.commit({ runId: 'run_a', run: { status: 'Running', startedAt: at(100) }, plannedTasks: [task(0, 'Vips'), task(1, 'Lapsed')] });
      expect(started).toMatchObject({ status: 'Running', startedAt: at(100), tasks: [task(0, 'Vips'), task(1, 'Lapsed')] });

      const done: TaskRecord = { ...task(0, 'Vips', 'Successful'), startedAt: at(101), endedAt: at(102), result: { value: 512 } };
      const step = await sut.processes.commit({ runId: 'run_a', tasks: [done] });
      expect(step.tasks).toEqual([done, task(1, 'Lapsed')]);
      expect(step.status).toBe('Running');

      const error = { ErrorCode: 'SEGMENT_FAILED', ErrorMessage: 'boom', ErrorSeverity: 'Error' } as const;
      const failed = await sut.processes.commit({ runId: 'run_a', run: { status: 'Failed', endedAt: at(103), error }, tasks: [{ ...task(1, 'Lapsed', 'Failed'), error }] });
      expect(failed).toMatchObject({ status: 'Failed', startedAt: at(100), endedAt: at(103), error });
      expect(failed.tasks[1].error).toEqual(error);

      const cleared = await sut.processes.commit({ runId: 'run_a', run: { error: null } });
      expect(cleared.error).toBeUndefined();
      expect(cleared.status).toBe('Failed');
      expect(await sut.processes.getRun('shop', 'run_a')).toEqual(cleared);
      expect(await sut.processes.getRun('other', 'run_a')).toBeUndefined();
    });

    it('rejects a step for a run it does not hold', async () => {
      const step = sut.processes.commit({ runId: 'run_nope', run: { status: 'Running' } });
      await expect(step).rejects.toBeInstanceOf(NotFoundError);
      await expect(sut.processes.commit({ runId: 'run_nope' })).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    });

    it('writes nothing of a step that fails half-way: no run or task change, no evaluation, no delivery', async () => {
      await subscribe('sub_a');
      const run = await newRun({ id: 'run_a' });
      await sut.processes.commit({ runId: run.id, run: { status: 'Running', startedAt: at(10) }, plannedTasks: [task(0, 'Vips', 'Running')], deliveries: [message('msg_1', 'sub_a', at(10))] });

      const failing = sut.processes.commit({
        runId: run.id,
        run: { status: 'Successful', endedAt: at(20) },
        tasks: [task(0, 'Vips', 'Successful')],
        evaluations: [{ instance: 'shop', kind: 'segment', name: 'Vips', evaluatedAt: at(20), value: 3, runId: run.id }],
        // The new delivery is written first; the duplicate id after it fails the step.
        deliveries: [message('msg_2', 'sub_a', at(20)), message('msg_1', 'sub_a', at(20))],
      });
      await expect(failing).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });

      const after = await sut.processes.getRun('shop', run.id);
      expect(after).toMatchObject({ status: 'Running', tasks: [task(0, 'Vips', 'Running')] });
      expect(after?.endedAt).toBeUndefined();
      expect(await sut.processes.latestEvaluation('shop', 'segment', 'Vips')).toBeUndefined();
      expect((await sut.webhooks.listDeliveries('shop')).map((d) => d.id)).toEqual(['msg_1']);
      expect((await sut.webhooks.getSubscription('shop', 'sub_a'))?.stats.pending).toBe(1);

      // A task the run does not have fails the whole step too.
      await expect(sut.processes.commit({ runId: run.id, run: { status: 'Successful' }, tasks: [task(7, 'Nope')] })).rejects.toThrow();
      expect((await sut.processes.getRun('shop', run.id))?.status).toBe('Running');
    });

    it('lists runs newest first with filters, and runs in a status across instances oldest first', async () => {
      await newRun({ id: 'r1', createdAt: at(1), process: 'segments' });
      await newRun({ id: 'r2', createdAt: at(2), process: 'measures' });
      await newRun({ id: 'r3', createdAt: at(3), process: 'segments', instance: 'other' });
      await newRun({ id: 'r4', createdAt: at(4), process: 'segments' });
      await sut.processes.commit({ runId: 'r4', run: { status: 'Running' } });
      await sut.processes.commit({ runId: 'r3', run: { status: 'Running' } });

      const idsOf = (list: readonly RunRecord[]) => list.map((r) => r.id);
      expect(idsOf(await sut.processes.listRuns('shop'))).toEqual(['r4', 'r2', 'r1']);
      expect(idsOf(await sut.processes.listRuns('shop', { process: 'segments' }))).toEqual(['r4', 'r1']);
      expect(idsOf(await sut.processes.listRuns('shop', { status: ['Queued'] }))).toEqual(['r2', 'r1']);
      expect(idsOf(await sut.processes.listRuns('shop', { process: 'segments', status: ['Queued', 'Running'], limit: 1 }))).toEqual(['r4']);
      expect(idsOf(await sut.processes.listRuns('nobody'))).toEqual([]);
      expect(idsOf(await sut.processes.runsInStatus(['Running']))).toEqual(['r3', 'r4']);
      expect(idsOf(await sut.processes.runsInStatus(['Running', 'Queued']))).toEqual(['r1', 'r2', 'r3', 'r4']);
    });

    it('cancels a queued run at once, flags a running one and leaves a finished one as it is', async () => {
      await newRun({ id: 'queued' });
      expect(await sut.processes.requestCancel('shop', 'queued', at(50))).toMatchObject({ status: 'Canceled', endedAt: at(50), cancelRequested: true });

      await newRun({ id: 'running' });
      await sut.processes.commit({ runId: 'running', run: { status: 'Running', startedAt: at(10) } });
      const running = await sut.processes.requestCancel('shop', 'running', at(51));
      expect(running).toMatchObject({ status: 'Running', cancelRequested: true });
      expect(running?.endedAt).toBeUndefined();

      await newRun({ id: 'done' });
      const finished = await sut.processes.commit({ runId: 'done', run: { status: 'Successful', startedAt: at(10), endedAt: at(20) } });
      expect(await sut.processes.requestCancel('shop', 'done', at(52))).toEqual(finished);

      expect(await sut.processes.requestCancel('shop', 'nope', at(53))).toBeUndefined();
      expect(await sut.processes.requestCancel('other', 'running', at(53))).toBeUndefined();
    });

    it('keeps evaluation history: the latest, and the latest N oldest first', async () => {
      const run = await newRun();
      expect(await sut.processes.latestEvaluation('shop', 'measure', 'Revenue')).toBeUndefined();
      for (const [n, value] of [[1, 10], [2, 12.5], [3, 9], [4, 40]] as const) {
        await sut.processes.commit({ runId: run.id, evaluations: [{ instance: 'shop', kind: 'measure', name: 'Revenue', evaluatedAt: at(n), value, runId: run.id }] });
      }
      await sut.processes.commit({
        runId: run.id,
        evaluations: [
          { instance: 'shop', kind: 'segment', name: 'Revenue', evaluatedAt: at(9), value: 1, runId: run.id },
          { instance: 'other', kind: 'measure', name: 'Revenue', evaluatedAt: at(9), value: 2, runId: run.id },
        ],
      });
      expect(await sut.processes.latestEvaluation('shop', 'measure', 'Revenue')).toEqual({ instance: 'shop', kind: 'measure', name: 'Revenue', evaluatedAt: at(4), value: 40, runId: run.id });
      const history = await sut.processes.evaluationHistory('shop', 'measure', 'Revenue', 3);
      expect(history.map((e) => [e.evaluatedAt, e.value])).toEqual([[at(2), 12.5], [at(3), 9], [at(4), 40]]);
      expect(await sut.processes.evaluationHistory('shop', 'measure', 'Unknown', 3)).toEqual([]);
    });
  });

  describe('subscriptions and deliveries', () => {
    it('creates, lists, finds and deletes subscriptions, with delivery statistics', async () => {
      const created = await subscribe('sub_a', { createdAt: at(1) });
      expect(created).toEqual({
        id: 'sub_a',
        instance: 'shop',
        trigger: 'processCompleted',
        parameters: { process: 'segments', includingManualRefreshes: true },
        notificationUrl: 'https://hooks.example/sub_a',
        secret: 'whsec_sub_a',
        state: 'active',
        createdAt: at(1),
      });
      await subscribe('sub_b', { createdAt: at(2), trigger: 'segmentThresholdCrossed', parameters: { segment: 'Vips', threshold: 10 } });
      await subscribe('sub_off', { createdAt: at(3), state: 'inactive', stateReason: 'paused' });
      await subscribe('sub_x', { instance: 'other' });

      expect((await sut.webhooks.listSubscriptions('shop')).map((s) => s.id)).toEqual(['sub_a', 'sub_b', 'sub_off']);
      expect((await sut.webhooks.activeSubscriptions('shop', 'processCompleted')).map((s) => s.id)).toEqual(['sub_a']);
      expect((await sut.webhooks.activeSubscriptions('shop', 'segmentThresholdCrossed'))[0].parameters).toEqual({ segment: 'Vips', threshold: 10 });
      expect(await sut.webhooks.getSubscription('shop', 'sub_off')).toMatchObject({ state: 'inactive', stateReason: 'paused' });
      expect(await sut.webhooks.getSubscription('other', 'sub_a')).toBeUndefined();
      expect((await sut.webhooks.getSubscription('shop', 'sub_a'))?.stats).toEqual({ delivered: 0, pending: 0, dead: 0, failedAttempts: 0 });

      await enqueue(message('m1', 'sub_a', at(10)), message('m2', 'sub_a', at(11)), message('m3', 'sub_a', at(12)), message('m4', 'sub_a', at(13)));
      await claim(at(20));
      await sut.webhooks.recordAttempt('m1', { kind: 'delivered', at: at(21), status: 200 });
      await claim(at(22));
      await sut.webhooks.recordAttempt('m2', { kind: 'retry', at: at(23), nextAttemptAt: at(24), status: 503, error: '503 from the receiver' });
      await claim(at(25));
      await sut.webhooks.recordAttempt('m2', { kind: 'dead', at: at(26), error: 'connection refused' });
      expect((await sut.webhooks.getSubscription('shop', 'sub_a'))?.stats).toEqual({
        delivered: 1,
        pending: 2,
        dead: 1,
        failedAttempts: 2,
        lastDeliveredAt: at(21),
        lastError: 'connection refused',
      });

      expect(await sut.webhooks.deleteSubscription('other', 'sub_a')).toBe(false);
      expect(await sut.webhooks.deleteSubscription('shop', 'sub_a')).toBe(true);
      expect(await sut.webhooks.getSubscription('shop', 'sub_a')).toBeUndefined();
      expect(await sut.webhooks.deleteSubscription('shop', 'sub_a')).toBe(false);
      // Its deliveries go with it (this store keeps no history of a deleted subscription).
      expect(await sut.webhooks.listDeliveries('shop')).toEqual([]);
      expect(await claim(at(100))).toEqual([]);
    });

    it("claims each subscription's oldest due delivery, oldest first, and never a later one while it is pending", async () => {
      await subscribe('sub_a');
      await subscribe('sub_b');
      await enqueue(message('a1', 'sub_a', at(1)), message('a2', 'sub_a', at(2)), message('b1', 'sub_b', at(3)));
      expect(await sut.webhooks.nextDueAt()).toBe(at(1));
      expect(await claim(at(0))).toEqual([]);

      const first = await claim(at(10), 10, at(70));
      expect(ids(first)).toEqual(['a1', 'b1']);
      expect(first[0]).toMatchObject({
        id: 'a1',
        subscriptionId: 'sub_a',
        instance: 'shop',
        eventType: 'processCompleted',
        payload: JSON.stringify({ Process: 'segments', id: 'a1' }),
        createdAt: at(1),
        state: 'pending',
        attempts: 0,
        nextAttemptAt: at(1),
        notificationUrl: 'https://hooks.example/sub_a',
        secret: 'whsec_sub_a',
      });
      // Leased: not claimed again before the lease ends, and the next one waits behind a1.
      expect(await claim(at(11))).toEqual([]);
      expect(await sut.webhooks.nextDueAt()).toBe(at(70));

      await sut.webhooks.recordAttempt('a1', { kind: 'retry', at: at(12), nextAttemptAt: at(100), status: 500, error: '500 from the receiver' });
      expect(await claim(at(20))).toEqual([]);
      expect(await sut.webhooks.nextDueAt()).toBe(at(70));

      // b1's claimer never reported: after the lease it is claimable again.
      expect(ids(await claim(at(70), 10, at(90)))).toEqual(['b1']);
      await sut.webhooks.recordAttempt('b1', { kind: 'delivered', at: at(71), status: 204 });
      expect(await sut.webhooks.nextDueAt()).toBe(at(100));
      expect(await claim(at(99))).toEqual([]);

      const retried = await claim(at(100));
      expect(ids(retried)).toEqual(['a1']);
      expect(retried[0]).toMatchObject({ attempts: 1, lastStatus: 500, lastError: '500 from the receiver', nextAttemptAt: at(100) });
      await sut.webhooks.recordAttempt('a1', { kind: 'delivered', at: at(101), status: 200 });
      expect(ids(await claim(at(101)))).toEqual(['a2']);
      await sut.webhooks.recordAttempt('a2', { kind: 'delivered', at: at(102), status: 200 });
      expect(await claim(at(200))).toEqual([]);
      expect(await sut.webhooks.nextDueAt()).toBeUndefined();
    });

    it('claims at most `limit`, the earliest due first across subscriptions', async () => {
      for (const s of ['s1', 's2', 's3']) await subscribe(s);
      await enqueue(message('m3', 's3', at(1)), message('m1', 's1', at(3)), message('m2', 's2', at(2)));
      expect(ids(await claim(at(10), 2))).toEqual(['m3', 'm2']);
      expect(ids(await claim(at(10), 2))).toEqual(['m1']);
      expect(await claim(at(10), 0)).toEqual([]);
    });

    it('finds a delivery by id within its instance, and writes none for a subscription deactivated before the commit', async () => {
      await subscribe('sub_a');
      await subscribe('sub_off', { state: 'inactive' });
      await enqueue(message('a1', 'sub_a', at(1)), message('off1', 'sub_off', at(1)));
      expect(await sut.webhooks.getDelivery('shop', 'a1')).toMatchObject({ id: 'a1', subscriptionId: 'sub_a', state: 'pending' });
      expect(await sut.webhooks.getDelivery('other', 'a1')).toBeUndefined();
      // Matched while it was active, committed after a 410 turned it off: it could never be sent.
      expect(await sut.webhooks.getDelivery('shop', 'off1')).toBeUndefined();
    });

    it('never claims for an inactive subscription; a 404/410 deactivates one and dead-letters its deliveries', async () => {
      await subscribe('sub_off', { state: 'inactive' });
      await subscribe('sub_a');
      await enqueue(message('off1', 'sub_off', at(1)), message('a1', 'sub_a', at(2)), message('a2', 'sub_a', at(3)));
      expect(ids(await claim(at(10)))).toEqual(['a1']);

      await sut.webhooks.recordAttempt('a1', { kind: 'gone', at: at(11), status: 410, error: '410 from the receiver' });
      expect(await sut.webhooks.getSubscription('shop', 'sub_a')).toMatchObject({
        state: 'inactive',
        stateReason: '410 from the receiver',
        stats: { delivered: 0, pending: 0, dead: 2, failedAttempts: 1, lastError: '410 from the receiver' },
      });
      const dead = await sut.webhooks.listDeliveries('shop', 'dead');
      expect(dead.find((d) => d.id === 'a1')).toMatchObject({ state: 'dead', attempts: 1, lastStatus: 410 });
      // The one queued behind it could never be sent: dead too, saying why.
      expect(dead.find((d) => d.id === 'a2')).toMatchObject({ state: 'dead', attempts: 0, lastError: 'subscription deactivated: 410 from the receiver' });
      expect(await claim(at(2000))).toEqual([]);
      expect(await sut.webhooks.nextDueAt()).toBeUndefined();
      expect(await sut.webhooks.activeSubscriptions('shop', 'processCompleted')).toEqual([]);
    });

    it('retries, dead-letters (letting the next one through) and re-drives', async () => {
      await subscribe('sub_a');
      await enqueue(message('a1', 'sub_a', at(1)), message('a2', 'sub_a', at(2)));
      await claim(at(10));
      await sut.webhooks.recordAttempt('a1', { kind: 'retry', at: at(11), nextAttemptAt: at(15), error: 'ECONNRESET' });
      const [retrying] = await sut.webhooks.listDeliveries('shop', 'pending', 1);
      expect(retrying.id).toBe('a2');
      const a1 = (await sut.webhooks.listDeliveries('shop')).find((d) => d.id === 'a1');
      expect(a1).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: at(15), lastError: 'ECONNRESET' });
      expect(a1?.lastStatus).toBeUndefined();

      expect(ids(await claim(at(15)))).toEqual(['a1']);
      await sut.webhooks.recordAttempt('a1', { kind: 'dead', at: at(16), status: 500, error: 'gave up after 24 h' });
      const [dead] = await sut.webhooks.listDeliveries('shop', 'dead');
      expect(dead).toMatchObject({ id: 'a1', state: 'dead', attempts: 2, lastStatus: 500, lastError: 'gave up after 24 h' });
      expect(dead.deliveredAt).toBeUndefined();
      // The dead one no longer holds the subscription up.
      expect(ids(await claim(at(16)))).toEqual(['a2']);
      await sut.webhooks.recordAttempt('a2', { kind: 'delivered', at: at(17), status: 200 });
      expect((await sut.webhooks.listDeliveries('shop', 'delivered'))[0]).toMatchObject({ id: 'a2', deliveredAt: at(17), lastStatus: 200, attempts: 1 });

      expect(await sut.webhooks.redrive('other', 'a1', at(30))).toBeUndefined();
      expect(await sut.webhooks.redrive('shop', 'a2', at(30))).toBeUndefined();
      expect(await sut.webhooks.redrive('shop', 'nope', at(30))).toBeUndefined();
      const redriven = await sut.webhooks.redrive('shop', 'a1', at(30));
      expect(redriven).toMatchObject({ id: 'a1', state: 'pending', attempts: 0, nextAttemptAt: at(30), lastError: 'gave up after 24 h' });
      expect(await sut.webhooks.redrive('shop', 'a1', at(31))).toBeUndefined();
      expect(await claim(at(29))).toEqual([]);
      const again = await claim(at(30));
      expect(ids(again)).toEqual(['a1']);
      expect(again[0].payload).toBe(JSON.stringify({ Process: 'segments', id: 'a1' }));
    });

    it('ignores a late report for a delivery that is no longer pending', async () => {
      await subscribe('sub_a');
      await enqueue(message('a1', 'sub_a', at(1)));
      await claim(at(10));
      await sut.webhooks.recordAttempt('a1', { kind: 'delivered', at: at(11), status: 200 });
      await sut.webhooks.recordAttempt('a1', { kind: 'retry', at: at(12), nextAttemptAt: at(13), error: 'timeout' });
      expect((await sut.webhooks.listDeliveries('shop'))[0]).toMatchObject({ id: 'a1', state: 'delivered', attempts: 1 });
      expect((await sut.webhooks.getSubscription('shop', 'sub_a'))?.stats).toMatchObject({ delivered: 1, failedAttempts: 0 });
      await expect(sut.webhooks.recordAttempt('msg_unknown', { kind: 'delivered', at: at(14), status: 200 })).resolves.toBeUndefined();
    });

    it('lists deliveries newest first, by state, within the instance and the limit', async () => {
      await subscribe('sub_a');
      await subscribe('sub_x', { instance: 'other' });
      await enqueue(message('a1', 'sub_a', at(1)), message('x1', 'sub_x', at(2)), message('a2', 'sub_a', at(3)), message('a3', 'sub_a', at(4)));
      // The instance comes from the subscription, not from the run that wrote it.
      expect((await sut.webhooks.listDeliveries('other')).map((d) => d.id)).toEqual(['x1']);
      expect((await sut.webhooks.listDeliveries('shop')).map((d) => d.id)).toEqual(['a3', 'a2', 'a1']);
      expect((await sut.webhooks.listDeliveries('shop', undefined, 2)).map((d) => d.id)).toEqual(['a3', 'a2']);
      await claim(at(10));
      await sut.webhooks.recordAttempt('a1', { kind: 'delivered', at: at(11), status: 200 });
      expect((await sut.webhooks.listDeliveries('shop', 'pending')).map((d) => d.id)).toEqual(['a3', 'a2']);
      expect((await sut.webhooks.listDeliveries('shop', 'delivered')).map((d) => d.id)).toEqual(['a1']);
      expect(await sut.webhooks.listDeliveries('shop', 'dead')).toEqual([]);
    });

    it('keeps runs and pending deliveries across a restart, claimable as before', async () => {
      // The process that stops is a driver of its own: `store.driver` stays for `dispose`.
      const stopping = await openAnother();
      sut = stopping;
      await subscribe('sub_a');
      const run = await newRun({ id: 'run_d' });
      await sut.processes.commit({ runId: run.id, run: { status: 'Running' }, deliveries: [message('a1', 'sub_a', at(1)), message('a2', 'sub_a', at(2))] });
      await claim(at(5), 10, at(60));
      await closeAnother(stopping);

      sut = await openAnother();
      expect((await sut.processes.runsInStatus(['Running'])).map((r) => r.id)).toEqual(['run_d']);
      expect((await sut.webhooks.listDeliveries('shop', 'pending')).map((d) => d.id)).toEqual(['a2', 'a1']);
      // The lease taken before the restart still holds until it ends.
      expect(await claim(at(6))).toEqual([]);
      const claimed = await claim(at(60));
      expect(ids(claimed)).toEqual(['a1']);
      expect(claimed[0].secret).toBe('whsec_sub_a');
    });
  });

  describe('an outbox shared by the dispatchers of two stores', () => {
    interface Dispatched {
      /** Claims per delivery id: each must be exactly 1. */
      readonly claims: Map<string, number>;
      /** Per subscription, the deliveries in the order they were claimed. */
      readonly sent: Map<string, string[]>;
      readonly violations: string[];
    }

    /**
     * Two dispatchers per driver claim, "send" and report `delivered` until `finished()`
     * holds and the outbox is drained (no head left, leased or not). A claim of a delivery
     * whose subscription has one in flight is a violation.
     */
    async function dispatch(drivers: readonly StorageDriver[], finished: () => boolean = () => true): Promise<Dispatched> {
      const result: Dispatched = { claims: new Map(), sent: new Map(), violations: [] };
      const inFlight = new Set<string>();
      const deadline = Date.now() + 30_000;
      const dispatcher = async (driver: StorageDriver, owner: string): Promise<void> => {
        while (Date.now() < deadline) {
          const claimed = await driver.webhooks.claimDeliveries({ now: at(100), limit: 3, leaseUntil: at(10_000), owner });
          if (claimed.length === 0) {
            if (finished() && (await driver.webhooks.nextDueAt()) === undefined) return;
            await new Promise((resolve) => setImmediate(resolve));
            continue;
          }
          for (const d of claimed) {
            result.claims.set(d.id, (result.claims.get(d.id) ?? 0) + 1);
            if (inFlight.has(d.subscriptionId)) result.violations.push(`${owner} claimed ${d.id} while an earlier delivery of ${d.subscriptionId} was in flight`);
            inFlight.add(d.subscriptionId);
            result.sent.set(d.subscriptionId, [...(result.sent.get(d.subscriptionId) ?? []), d.id]);
          }
          for (const d of claimed) {
            // Released before the report: its successor may only become claimable once the report commits.
            inFlight.delete(d.subscriptionId);
            await driver.webhooks.recordAttempt(d.id, { kind: 'delivered', at: at(101), status: 200 });
          }
        }
        result.violations.push(`${owner} still claiming at the deadline`);
      };
      await Promise.all(drivers.flatMap((driver, i) => [dispatcher(driver, `d${i}a`), dispatcher(driver, `d${i}b`)]));
      return result;
    }

    const twice = (list: Map<string, number>) => [...list.entries()].filter(([, count]) => count !== 1);

    it('claims every delivery exactly once and each subscription in order', async () => {
      const subscriptions = ['s1', 's2', 's3', 's4', 's5'];
      const expected = new Map(subscriptions.map((s) => [s, [] as string[]]));
      const outbox: NewDelivery[] = [];
      for (let n = 0; n < 24; n++) {
        for (const s of subscriptions) {
          // Due times interleave across subscriptions, so claims mix them.
          outbox.push(message(`${s}_${n}`, s, at(n + subscriptions.indexOf(s))));
          expected.get(s)?.push(`${s}_${n}`);
        }
      }
      for (const s of subscriptions) await subscribe(s);
      await enqueue(...outbox);

      const second = await openAnother();
      const { claims, sent, violations } = await dispatch([sut, second]);

      expect(violations).toEqual([]);
      expect(twice(claims)).toEqual([]);
      expect(claims.size).toBe(outbox.length);
      expect(sent).toEqual(expected);
      expect(await sut.webhooks.listDeliveries('shop', 'pending')).toEqual([]);
      expect((await second.webhooks.listDeliveries('shop', 'delivered', outbox.length)).every((d) => d.attempts === 1)).toBe(true);
      expect((await sut.webhooks.getSubscription('shop', 's1'))?.stats).toMatchObject({ delivered: 24, pending: 0, dead: 0, failedAttempts: 0 });
    });

    it('keeps outbox order while run commits from both stores race with the claims', async () => {
      const subscriptions = ['s1', 's2', 's3', 's4'];
      for (const s of subscriptions) await subscribe(s);
      const second = await openAnother();
      const drivers = [sut, second];
      const commits = 8;
      for (let r = 0; r < commits; r++) await newRun({ id: `race_${r}` });

      let committed = false;
      const committing = Promise.all(
        Array.from({ length: commits }, (_, r) => {
          const deliveries = subscriptions.flatMap((s) => Array.from({ length: 6 }, (_, k) => message(`${s}_r${r}_${k}`, s, at(r))));
          return drivers[r % 2].processes.commit({ runId: `race_${r}`, deliveries });
        }),
      ).finally(() => (committed = true));
      const [{ claims, sent, violations }] = await Promise.all([dispatch(drivers, () => committed), committing]);

      // The order to keep is the outbox's (newest first here), whichever commit came first.
      const outbox = [...(await sut.webhooks.listDeliveries('shop', undefined, 1000))].reverse();
      const expected = new Map(subscriptions.map((s) => [s, outbox.filter((d) => d.subscriptionId === s).map((d) => d.id)]));
      expect(outbox).toHaveLength(commits * subscriptions.length * 6);
      expect(violations).toEqual([]);
      expect(twice(claims)).toEqual([]);
      expect(claims.size).toBe(outbox.length);
      expect(sent).toEqual(expected);
      // Within one commit, its own order.
      for (const ids of expected.values()) {
        const ofRun = (r: number) => ids.filter((id) => id.includes(`_r${r}_`));
        for (let r = 0; r < commits; r++) expect(ofRun(r)).toEqual(ofRun(r).slice().sort());
      }
    });
  });

  describe('derived data', () => {
    let customer: EntityMetadata;
    let members: EntityMetadata;
    const limits = new QueryLimits();
    const filter = (text: string): BoundExpr | undefined =>
      bindQuery(parseQueryOptions(parseQueryString(`$filter=${encodeURIComponent(text)}`), limits, 'connector'), customer, 'connector').filter;

    beforeEach(async () => {
      const catalog = await sut.applyManifest(manifest);
      [customer, members] = catalog.entities;
      await sut.replaceRows('shop', customer, customers);
    });

    it('materializes exactly the matching profile rows into the segment, replacing the previous members', async () => {
      expect(await sut.materializeSegment('shop', members, customer, filter("City eq 'Berlin'"))).toBe(2);
      const stats = await sut.entityStats('shop', members);
      expect(stats).toEqual({ rowCount: 2, refreshTime: expect.any(String), modifiedTime: stats.refreshTime });
      expect((await sut.getItem(members, 'c1'))?.values).toEqual({ CustomerId: 'c1', City: 'Berlin', Vip: true });
      expect((await sut.getItem(members, 'c1'))?.etag).toEqual(expect.any(String));
      expect(await sut.getItem(members, 'c2')).toBeUndefined();

      expect(await sut.materializeSegment('shop', members, customer, filter("City eq 'Paris' or City eq 'Oslo'"))).toBe(2);
      const keys: ItemValue[] = [];
      for await (const batch of sut.scanRows(members)) keys.push(...batch.map((row) => row[0]));
      expect(keys).toEqual(['c2', 'c5']);
      expect((await sut.getItem(members, 'c5'))?.values).toEqual({ CustomerId: 'c5', City: 'Oslo', Vip: false });
      expect((await sut.entityStats('shop', members)).rowCount).toBe(2);

      expect(await sut.materializeSegment('shop', members, customer, filter("City eq 'Nowhere'"))).toBe(0);
      expect((await sut.entityStats('shop', members)).rowCount).toBe(0);
      expect(await sut.materializeSegment('shop', members, customer, undefined)).toBe(5);
      expect((await sut.getItem(members, 'c3'))?.values).toEqual({ CustomerId: 'c3', City: null, Vip: null });
    });

    it('computes the six aggregates, with or without a filter, and on an empty set', async () => {
      const berlin = filter("City eq 'Berlin'");
      const none = filter("City eq 'Nowhere'");
      expect(await sut.aggregate(customer, 'count', undefined, undefined)).toBe(5);
      expect(await sut.aggregate(customer, 'count', undefined, berlin)).toBe(2);
      expect(await sut.aggregate(customer, 'countDistinct', 'City', undefined)).toBe(3);
      expect(await sut.aggregate(customer, 'sum', 'Points', undefined)).toBe(13);
      expect(await sut.aggregate(customer, 'sum', 'Points', berlin)).toBe(5);
      expect(await sut.aggregate(customer, 'avg', 'Points', undefined)).toBe(3.25);
      expect(await sut.aggregate(customer, 'avg', 'Spend', berlin)).toBe(3.25);
      expect(await sut.aggregate(customer, 'min', 'Points', undefined)).toBe(-5);
      expect(await sut.aggregate(customer, 'max', 'Spend', undefined)).toBe(4);

      const empty = await Promise.all(MEASURE_AGGREGATES.map((aggregate) => sut.aggregate(customer, aggregate, 'Points', none)));
      expect(Object.fromEntries(MEASURE_AGGREGATES.map((a, i) => [a, empty[i]]))).toEqual({ count: 0, countDistinct: 0, sum: null, avg: null, min: null, max: null });

      await expect(sut.aggregate(customer, 'sum', 'Nope', undefined)).rejects.toThrow("'Nope' is not an attribute of 'Customer'");
      await expect(sut.aggregate(customer, 'max', undefined, undefined)).rejects.toThrow();
    });
  });
});
