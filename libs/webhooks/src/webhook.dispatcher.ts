import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AttemptOutcome, ClaimedDelivery, WebhookStore } from '@app/storage';
import { redactUrl } from './transport/http-webhook.transport';
import type { DeliverWebhookUseCase } from './usecases/deliver-webhook/deliver-webhook.usecase';

export interface WebhookDispatcherOptions {
  /** Longest sleep between looks at the outbox; 500 ms by default. */
  readonly pollIntervalMs?: number;
  /** Deliveries in flight at once (so also the claim limit); 64 by default. */
  readonly concurrency?: number;
  /** How long a claim is ours; must exceed one attempt (send timeout + recording). 25 s by default. */
  readonly leaseMs?: number;
  /** How long `stop()` waits for attempts in flight; 15 s by default. */
  readonly stopTimeoutMs?: number;
  /** Recorded with each claim; `hostname:pid:random` by default. */
  readonly owner?: string;
  /** Epoch ms; `Date.now` by default. */
  readonly now?: () => number;
}

export const DISPATCHER_DEFAULTS = {
  pollIntervalMs: 500,
  concurrency: 64,
  leaseMs: 25_000,
  stopTimeoutMs: 15_000,
} as const;

/** After a store failure the loop waits the poll interval, doubling while it keeps failing, up to this. */
const MAX_FAILURE_WAIT_MS = 5_000;

/**
 * The delivery loop (§6.2). Each round claims what is due, up to the free capacity, and starts
 * each attempt without waiting for the others: the store hands out only the oldest pending
 * delivery of a subscription, and not while it is leased, so attempts run concurrently across
 * subscriptions and in order within one. A finished attempt wakes the loop (the subscription's
 * next delivery may be due); otherwise it sleeps until the next delivery falls due or the poll
 * interval passes, whichever is first.
 *
 *   claim ──▶ attempt ║ attempt ║ … ──▶ recordAttempt ──▶ wake
 *     ▲                                                     │
 *     └────── sleep(min(nextDueAt − now, poll)) ◀───────────┘
 *
 * A failing store is logged and tried again; nothing here ends the process. Several
 * dispatchers (processes) may share one store: leases keep them from sending the same delivery.
 */
export class WebhookDispatcher {
  readonly owner: string;
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly stopTimeoutMs: number;
  private readonly now: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private running = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly store: Pick<WebhookStore, 'claimDeliveries' | 'nextDueAt'>,
    private readonly deliver: Pick<DeliverWebhookUseCase, 'execute'>,
    options: WebhookDispatcherOptions = {},
  ) {
    this.pollIntervalMs = positive('pollIntervalMs', options.pollIntervalMs ?? DISPATCHER_DEFAULTS.pollIntervalMs);
    this.concurrency = positive('concurrency', options.concurrency ?? DISPATCHER_DEFAULTS.concurrency);
    this.leaseMs = positive('leaseMs', options.leaseMs ?? DISPATCHER_DEFAULTS.leaseMs);
    this.stopTimeoutMs = positive('stopTimeoutMs', options.stopTimeoutMs ?? DISPATCHER_DEFAULTS.stopTimeoutMs);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.now = options.now ?? Date.now;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the loop; a second call does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.logger.log(`webhook dispatcher ${this.owner} started`);
    this.loop = this.run();
  }

  /**
   * Stops claiming and waits (up to the stop timeout) for attempts in flight to be recorded.
   * An attempt still running after that is sent again once its lease ends (at-least-once).
   */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.running = false;
    this.loop = undefined;
    this.wake();
    const deadline = this.now() + this.stopTimeoutMs;
    const finished = (await settledBefore(loop, deadline - this.now())) && (await settledBefore(Promise.all([...this.inFlight]), deadline - this.now()));
    if (finished) this.logger.log(`webhook dispatcher ${this.owner} stopped`);
    else this.logger.warn(`webhook dispatcher ${this.owner} stopped with ${this.inFlight.size} attempt(s) in flight; they are sent again when their lease ends`);
  }

  /** Looks at the outbox now (call it after committing deliveries, so they do not wait a poll interval). */
  wake(): void {
    if (this.wakeSleeper) this.wakeSleeper();
    else this.woken = true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const wait = await this.round();
      if (this.running) await this.sleep(wait);
    }
  }

  /** One claim; returns how long to sleep before the next. */
  private async round(): Promise<number> {
    const capacity = this.concurrency - this.inFlight.size;
    // Full: a finished attempt wakes the loop.
    if (capacity <= 0) return this.pollIntervalMs;
    try {
      const now = this.now();
      const claimed = await this.store.claimDeliveries({
        now: new Date(now).toISOString(),
        limit: capacity,
        leaseUntil: new Date(now + this.leaseMs).toISOString(),
        owner: this.owner,
      });
      for (const delivery of claimed) this.launch(delivery);
      const wait = await this.untilNextDue();
      if (this.failures > 0) this.logger.log(`webhook store reachable again after ${this.failures} failed round(s)`);
      this.failures = 0;
      return wait;
    } catch (error) {
      this.failures += 1;
      const wait = Math.min(Math.max(this.pollIntervalMs, MAX_FAILURE_WAIT_MS), this.pollIntervalMs * 2 ** Math.min(this.failures - 1, 10));
      this.logger.error(`claiming webhook deliveries failed (retrying in ${wait} ms): ${describe(error)}`);
      return wait;
    }
  }

  private async untilNextDue(): Promise<number> {
    const next = await this.store.nextDueAt();
    const until = next === undefined ? Number.NaN : Date.parse(next) - this.now();
    // Due already but not claimed: leased (in flight here or elsewhere); look again after a poll interval.
    return until > 0 ? Math.min(until, this.pollIntervalMs) : this.pollIntervalMs;
  }

  private launch(delivery: ClaimedDelivery): void {
    const task = this.deliver
      .execute(delivery)
      .then(
        (outcome) => this.report(delivery, outcome),
        (error: unknown) =>
          this.logger.error(
            `webhook ${delivery.id} (subscription ${delivery.subscriptionId}, ${redactUrl(delivery.notificationUrl)}): ` +
              `attempt not recorded, it is sent again when its lease ends: ${describe(error)}`,
          ),
      )
      .finally(() => {
        this.inFlight.delete(task);
        this.wake();
      });
    this.inFlight.add(task);
  }

  private report(delivery: ClaimedDelivery, outcome: AttemptOutcome): void {
    const what = `webhook ${delivery.id} (subscription ${delivery.subscriptionId}, ${redactUrl(delivery.notificationUrl)}) attempt ${delivery.attempts + 1}`;
    switch (outcome.kind) {
      case 'delivered':
        this.logger.debug(`${what}: delivered (HTTP ${outcome.status})`);
        return;
      case 'retry':
        this.logger.warn(`${what}: ${outcome.error}; retrying at ${outcome.nextAttemptAt}`);
        return;
      case 'dead':
        this.logger.warn(`${what}: ${outcome.error}; dead-lettered`);
        return;
      case 'gone':
        this.logger.warn(`${what}: ${outcome.error}; subscription deactivated`);
        return;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}

/** Whether `promise` settles within `ms`. */
async function settledBefore(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`webhook dispatcher option ${name} must be a positive number`);
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
