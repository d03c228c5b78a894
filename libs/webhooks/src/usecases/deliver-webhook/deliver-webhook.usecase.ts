import type { AttemptOutcome, WebhookStore } from '@app/storage';
import { attemptOutcome, type RetryPolicy } from '../../retry-policy';
import { webhookHeaders } from '../../signing/standard-webhooks.signer';
import type { WebhookTransport } from '../../transport/http-webhook.transport';
import { invalidDeliverWebhookCommand, type DeliverWebhookCommand } from './deliver-webhook.command';

/** One recorded attempt, as an observer (metrics) sees it: its outcome and its number (1 = the first). */
export interface WebhookAttemptEvent {
  readonly outcome: AttemptOutcome['kind'];
  readonly attempt: number;
}

/** Told of every attempt once it is recorded; must not throw (a throw is ignored). */
export type WebhookAttemptObserver = (event: WebhookAttemptEvent) => void;

export interface DeliverWebhookDependencies {
  readonly store: Pick<WebhookStore, 'recordAttempt'>;
  readonly transport: WebhookTransport;
  readonly policy: RetryPolicy;
  /** Epoch ms; `Date.now` by default. */
  readonly now?: () => number;
  /** Jitter source in [0, 1); `Math.random` by default. */
  readonly random?: () => number;
  /** Told of each recorded attempt (the app counts them for `/metrics`; this library knows no metrics). */
  readonly observer?: WebhookAttemptObserver;
}

/**
 * Makes one attempt at one claimed delivery (§6.2): signs it with a fresh timestamp (the
 * `webhook-id` stays the delivery's id on every attempt), POSTs it, decides what the answer
 * means and records that, which also ends the claim's lease.
 *
 * If recording fails the error propagates and the lease runs out, so the delivery is sent
 * again later: at-least-once, never lost.
 */
export class DeliverWebhookUseCase {
  private readonly now: () => number;

  constructor(private readonly deps: DeliverWebhookDependencies) {
    this.now = deps.now ?? Date.now;
  }

  async execute(command: DeliverWebhookCommand): Promise<AttemptOutcome> {
    const outcome = await this.attempt(command);
    await this.deps.store.recordAttempt(command.id, outcome);
    this.observe({ outcome: outcome.kind, attempt: command.attempts + 1 });
    return outcome;
  }

  private observe(event: WebhookAttemptEvent): void {
    try {
      this.deps.observer?.(event);
    } catch {
      // Counting is not delivering: an observer's failure must not fail a recorded attempt.
    }
  }

  private async attempt(command: DeliverWebhookCommand): Promise<AttemptOutcome> {
    const invalid = invalidDeliverWebhookCommand(command);
    if (invalid !== undefined) return { kind: 'dead', at: new Date(this.now()).toISOString(), error: `${invalid} (not sent)` };
    const timestamp = Math.floor(this.now() / 1000);
    const result = await this.deps.transport.send({
      url: command.notificationUrl,
      headers: webhookHeaders(command.secret, command.id, timestamp, command.payload),
      body: command.payload,
    });
    return attemptOutcome({
      result,
      attempt: command.attempts + 1,
      createdAt: command.createdAt,
      now: this.now(),
      policy: this.deps.policy,
      ...(this.deps.random ? { random: this.deps.random } : {}),
    });
  }
}
