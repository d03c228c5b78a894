import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { AttemptOutcome, ClaimedDelivery, ClaimOptions, WebhookStore } from '@app/storage';
import { generateWebhookSecret } from './signing/standard-webhooks.signer';
import { HttpWebhookTransport } from './transport/http-webhook.transport';
import { DeliverWebhookUseCase } from './usecases/deliver-webhook/deliver-webhook.usecase';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook.dispatcher';

/**
 * The outbox semantics of {@link WebhookStore} in memory: per active subscription only the
 * oldest pending delivery is claimable, when due and not leased. The real stores join in e2e.
 */
class InMemoryWebhookStore implements Pick<WebhookStore, 'claimDeliveries' | 'recordAttempt' | 'nextDueAt'> {
  readonly subscriptions = new Map<string, { url: string; secret: string; active: boolean }>();
  readonly deliveries: { id: string; subscriptionId: string; payload: string; createdAt: string; state: 'pending' | 'delivered' | 'dead'; attempts: number; due: number; leasedUntil: number }[] = [];
  readonly recorded: { id: string; outcome: AttemptOutcome }[] = [];
  claimFailures = 0;
  claims = 0;
  private sequence = 0;

  subscribe(id: string, url: string): string {
    const secret = generateWebhookSecret();
    this.subscriptions.set(id, { url, secret, active: true });
    return secret;
  }

  enqueue(subscriptionId: string, payload: unknown): string {
    const id = `msg_${++this.sequence}`;
    const createdAt = new Date(Date.now() + this.sequence).toISOString();
    this.deliveries.push({ id, subscriptionId, payload: JSON.stringify(payload), createdAt, state: 'pending', attempts: 0, due: 0, leasedUntil: 0 });
    return id;
  }

  async claimDeliveries(options: ClaimOptions): Promise<readonly ClaimedDelivery[]> {
    this.claims += 1;
    if (this.claimFailures > 0) {
      this.claimFailures -= 1;
      throw new Error('database is locked');
    }
    const now = Date.parse(options.now);
    const claimed: ClaimedDelivery[] = [];
    for (const [subscriptionId, subscription] of this.subscriptions) {
      const head = this.deliveries.find((d) => d.subscriptionId === subscriptionId && d.state === 'pending');
      if (!subscription.active || !head || head.due > now || head.leasedUntil > now || claimed.length >= options.limit) continue;
      head.leasedUntil = Date.parse(options.leaseUntil);
      claimed.push({
        ...head,
        instance: 'demo',
        eventType: 'processCompleted',
        nextAttemptAt: new Date(head.due).toISOString(),
        notificationUrl: subscription.url,
        secret: subscription.secret,
      });
    }
    return claimed;
  }

  async recordAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void> {
    const delivery = this.deliveries.find((d) => d.id === deliveryId);
    if (!delivery) throw new Error(`no delivery ${deliveryId}`);
    this.recorded.push({ id: deliveryId, outcome });
    delivery.attempts += 1;
    delivery.leasedUntil = 0;
    if (outcome.kind === 'delivered') delivery.state = 'delivered';
    if (outcome.kind === 'dead' || outcome.kind === 'gone') delivery.state = 'dead';
    if (outcome.kind === 'retry') delivery.due = Date.parse(outcome.nextAttemptAt);
    const subscription = this.subscriptions.get(delivery.subscriptionId);
    if (outcome.kind === 'gone' && subscription) subscription.active = false;
  }

  /** Includes leased deliveries, which are due already: the dispatcher must not spin on them. */
  async nextDueAt(): Promise<string | undefined> {
    const due = this.deliveries.filter((d) => d.state === 'pending' && this.subscriptions.get(d.subscriptionId)?.active).map((d) => d.due);
    return due.length === 0 ? undefined : new Date(Math.min(...due)).toISOString();
  }

  outcomesOf(id: string): AttemptOutcome[] {
    return this.recorded.filter((r) => r.id === id).map((r) => r.outcome);
  }
}

interface Hit {
  readonly path: string;
  readonly id: string;
  readonly timestamp: string;
  readonly body: unknown;
  readonly at: number;
}

/** A real receiver; `answer(path, hitsOnPath)` gives status (and a delay) per request. */
async function startReceiver(secrets: Map<string, string>, answer: (path: string, count: number) => { status: number; delayMs?: number }) {
  const hits: Hit[] = [];
  let active = 0;
  let maxActive = 0;
  const activeByPath = new Map<string, number>();
  let maxActivePerPath = 0;
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    active += 1;
    maxActive = Math.max(maxActive, active);
    activeByPath.set(path, (activeByPath.get(path) ?? 0) + 1);
    maxActivePerPath = Math.max(maxActivePerPath, activeByPath.get(path) ?? 0);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
      // Every request must verify with its subscription's secret; a bad one is recorded as such.
      let body: unknown;
      try {
        body = new Webhook(secrets.get(path) ?? '').verify(raw, headers);
      } catch {
        body = 'BAD SIGNATURE';
      }
      hits.push({ path, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], body, at: Date.now() });
      const { status, delayMs } = answer(path, hits.filter((h) => h.path === path).length);
      setTimeout(() => {
        active -= 1;
        activeByPath.set(path, (activeByPath.get(path) ?? 1) - 1);
        res.writeHead(status).end();
      }, delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hits,
    maxActive: () => maxActive,
    maxActivePerPath: () => maxActivePerPath,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe(WebhookDispatcher.name, () => {
  const logged: string[] = [];
  let store: InMemoryWebhookStore;
  let secrets: Map<string, string>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let transport: HttpWebhookTransport;
  let sut: WebhookDispatcher;

  beforeEach(() => {
    logged.length = 0;
    const capture = (message: unknown): void => void logged.push(String(message));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(capture);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(capture);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(capture);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(capture);
    store = new InMemoryWebhookStore();
    secrets = new Map();
  });

  afterEach(async () => {
    await sut?.stop();
    transport?.close();
    await receiver?.close();
    jest.restoreAllMocks();
    // Nothing logged may carry a secret or a receiver's path.
    for (const line of logged) {
      expect(line).not.toContain('whsec_');
      expect(line).not.toContain('/sub/');
    }
  });

  async function setUp(answer: Parameters<typeof startReceiver>[1], subscriptions: readonly string[], options: WebhookDispatcherOptions = {}) {
    receiver = await startReceiver(secrets, answer);
    for (const name of subscriptions) secrets.set(`/sub/${name}`, store.subscribe(name, `${receiver.base}/sub/${name}`));
    transport = new HttpWebhookTransport({ allowPrivateNetworks: true, timeoutMs: 2000 });
    const deliver = new DeliverWebhookUseCase({ store, transport, policy: { baseMs: 20, capMs: 60_000, windowMs: 60_000 }, random: () => 0.999999 });
    sut = new WebhookDispatcher(store, deliver, { pollIntervalMs: 25, ...options });
  }

  it('delivers in order within a subscription and concurrently across subscriptions', async () => {
    await setUp(() => ({ status: 200, delayMs: 40 }), ['a', 'b', 'c']);
    const ids = ['a', 'b', 'c'].map((name) => [1, 2, 3, 4].map((n) => store.enqueue(name, { name, n })));

    sut.start();
    await waitFor(() => store.deliveries.every((d) => d.state === 'delivered'));

    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      const hits = receiver.hits.filter((h) => h.path === `/sub/${name}`);
      expect(hits.map((h) => h.id)).toEqual(ids[i]);
      expect(hits.map((h) => h.body)).toEqual([1, 2, 3, 4].map((n) => ({ name, n })));
    }
    expect(receiver.maxActivePerPath()).toBe(1);
    expect(receiver.maxActive()).toBe(3);
  });

  it('retries 500, 500 then 200 with the same webhook-id and growing delays', async () => {
    await setUp((_, count) => ({ status: count <= 2 ? 500 : 200 }), ['a']);
    const id = store.enqueue('a', { n: 1 });

    sut.start();
    await waitFor(() => store.deliveries[0].state === 'delivered');

    expect(receiver.hits.map((h) => h.id)).toEqual([id, id, id]);
    expect(receiver.hits.every((h) => h.body !== 'BAD SIGNATURE')).toBe(true);
    const outcomes = store.outcomesOf(id);
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'delivered']);
    const waits = outcomes.flatMap((o) => (o.kind === 'retry' ? [Date.parse(o.nextAttemptAt) - Date.parse(o.at)] : []));
    expect(waits).toEqual([20, 40]);
    const [first, second, third] = receiver.hits.map((h) => h.at);
    expect(second - first).toBeGreaterThanOrEqual(19);
    expect(third - second).toBeGreaterThanOrEqual(39);
    expect(outcomes[0]).toMatchObject({ status: 500, error: 'HTTP 500' });
  });

  it('marks a delivery answered 410 gone and sends nothing more to that subscription', async () => {
    await setUp((path) => ({ status: path === '/sub/gone' ? 410 : 200 }), ['gone', 'ok']);
    const first = store.enqueue('gone', { n: 1 });
    store.enqueue('gone', { n: 2 });
    store.enqueue('ok', { n: 1 });

    sut.start();
    await waitFor(() => store.recorded.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(store.outcomesOf(first)).toEqual([expect.objectContaining({ kind: 'gone', status: 410 })]);
    expect(store.subscriptions.get('gone')?.active).toBe(false);
    expect(receiver.hits.filter((h) => h.path === '/sub/gone')).toHaveLength(1);
    expect(logged.some((line) => line.includes('subscription deactivated'))).toBe(true);
  });

  it('dead-letters a delivery answered 400 without retrying, then sends the next one', async () => {
    await setUp((_, count) => ({ status: count === 1 ? 400 : 200 }), ['a']);
    const bad = store.enqueue('a', { n: 1 });
    const good = store.enqueue('a', { n: 2 });

    sut.start();
    await waitFor(() => store.recorded.length === 2);

    expect(store.outcomesOf(bad)).toEqual([expect.objectContaining({ kind: 'dead', status: 400, error: 'HTTP 400 (not retried)' })]);
    expect(store.outcomesOf(good)).toEqual([expect.objectContaining({ kind: 'delivered', status: 200 })]);
  });

  it('keeps going after the store throws', async () => {
    await setUp(() => ({ status: 200 }), ['a']);
    store.claimFailures = 1;
    store.enqueue('a', { n: 1 });

    sut.start();
    await waitFor(() => store.recorded.length === 1);

    expect(store.claims).toBeGreaterThanOrEqual(2);
    expect(logged).toContainEqual(expect.stringContaining('claiming webhook deliveries failed (retrying in 25 ms): database is locked'));
    expect(sut.isRunning).toBe(true);
  });

  it('survives a failure to record an attempt (the lease brings it back)', async () => {
    await setUp(() => ({ status: 200 }), ['a'], { leaseMs: 100 });
    const record = jest.spyOn(store, 'recordAttempt').mockRejectedValueOnce(new Error('disk I/O error'));
    const id = store.enqueue('a', { n: 1 });

    sut.start();
    await waitFor(() => store.recorded.length === 1);

    expect(record).toHaveBeenCalledTimes(2);
    expect(receiver.hits.map((h) => h.id)).toEqual([id, id]);
    expect(logged).toContainEqual(expect.stringContaining('attempt not recorded, it is sent again when its lease ends: disk I/O error'));
  });

  it('does not spin while a due delivery is in flight', async () => {
    await setUp(() => ({ status: 200, delayMs: 300 }), ['a']);
    store.enqueue('a', { n: 1 });

    sut.start();
    await waitFor(() => receiver.hits.length === 1);
    const claimsBefore = store.claims;
    await new Promise((resolve) => setTimeout(resolve, 200));

    // One look per poll interval (25 ms), not a busy loop.
    expect(store.claims - claimsBefore).toBeLessThanOrEqual(12);
  });

  it('looks at the outbox at once when woken', async () => {
    await setUp(() => ({ status: 200 }), ['a'], { pollIntervalMs: 60_000 });
    sut.start();
    await waitFor(() => store.claims === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));

    store.enqueue('a', { n: 1 });
    const woken = Date.now();
    sut.wake();
    await waitFor(() => store.recorded.length === 1, 2000);

    expect(Date.now() - woken).toBeLessThan(1000);
  });

  it('waits in stop() for an attempt in flight to be recorded', async () => {
    await setUp(() => ({ status: 200, delayMs: 200 }), ['a']);
    const id = store.enqueue('a', { n: 1 });
    sut.start();
    await waitFor(() => receiver.hits.length === 1);
    expect(store.recorded).toHaveLength(0);

    await sut.stop();

    expect(store.outcomesOf(id)).toEqual([expect.objectContaining({ kind: 'delivered' })]);
    expect(sut.isRunning).toBe(false);
    const claims = store.claims;
    store.enqueue('a', { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.claims).toBe(claims);
  });

  it('stops waiting after the stop timeout', async () => {
    await setUp(() => ({ status: 200, delayMs: 1000 }), ['a'], { stopTimeoutMs: 50 });
    store.enqueue('a', { n: 1 });
    sut.start();
    await waitFor(() => receiver.hits.length === 1);

    const started = Date.now();
    await sut.stop();

    expect(Date.now() - started).toBeLessThan(500);
    expect(logged).toContainEqual(expect.stringContaining('stopped with 1 attempt(s) in flight'));
  });

  it('claims no more than its concurrency at once and names itself as owner', async () => {
    await setUp(() => ({ status: 200, delayMs: 30 }), ['a', 'b', 'c', 'd', 'e'], { concurrency: 2, owner: 'test-owner' });
    const claim = jest.spyOn(store, 'claimDeliveries');
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.enqueue(name, { name });

    sut.start();
    await waitFor(() => store.recorded.length === 5);

    expect(receiver.maxActive()).toBeLessThanOrEqual(2);
    expect(claim.mock.calls.every(([options]) => options.limit <= 2 && options.owner === 'test-owner')).toBe(true);
  });

  it('has a unique owner by default', () => {
    const deliver = { execute: jest.fn() };
    const owners = new Set([1, 2, 3].map(() => new WebhookDispatcher(store, deliver).owner));
    expect(owners.size).toBe(3);
    expect([...owners][0]).toMatch(new RegExp(`^.+:${process.pid}:[0-9a-f]{8}$`));
  });
});
