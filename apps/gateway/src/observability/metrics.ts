import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';
import type { WebhookAttemptEvent } from '@app/webhooks';

/**
 * Every metric the gateway exposes on `/metrics` (§8), in prom-client's default registry, so
 * metrics defined elsewhere in that registry (`gateway_throttle_redis_fallback_total`) are
 * served too. Labels are bounded: route *patterns* (never raw URLs), methods, statuses,
 * process names and outcomes; no connection ids, datasets or keys.
 */
export const metricsRegistry = register;

/** Requests by route pattern (`/datasets/:dataset/tables/:table/items`), method and status. */
export const httpRequests = new Counter({
  name: 'gateway_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
});

export const httpRequestDuration = new Histogram({
  name: 'gateway_http_request_duration_seconds',
  help: 'Time from receiving a request to sending the last byte of its answer, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/** 429s of the throttler (§7): `connection` for a known connection, `anonymous` for calls counted per address. */
export const throttledCalls = new Counter({
  name: 'gateway_throttled_calls_total',
  help: 'Calls refused with 429 by the throttler, by caller kind (connection or anonymous)',
  labelNames: ['caller'] as const,
});

/** Every webhook attempt this process made, by what it meant: delivered, retry, dead, gone (§6.2). */
export const webhookDeliveries = new Counter({
  name: 'gateway_webhook_deliveries_total',
  help: 'Webhook delivery attempts recorded by this process, by outcome (delivered, retry, dead, gone)',
  labelNames: ['outcome'] as const,
});

/** The attempts above that were retries (a delivery's second attempt or later). */
export const webhookRetries = new Counter({
  name: 'gateway_webhook_retries_total',
  help: 'Webhook delivery attempts after the first of their delivery, by outcome',
  labelNames: ['outcome'] as const,
});

/** Runs this process executed, from start to end, by process and final status (§6.3). */
export const runDuration = new Histogram({
  name: 'gateway_run_duration_seconds',
  help: 'Duration of the process runs this replica executed, by process and final status',
  labelNames: ['process', 'status'] as const,
  buckets: [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400],
});

/** The observer handed to `WebhooksModule` (libs/webhooks knows no metrics). */
export function countWebhookAttempt(event: WebhookAttemptEvent): void {
  webhookDeliveries.inc({ outcome: event.outcome });
  if (event.attempt > 1) webhookRetries.inc({ outcome: event.outcome });
}

/** A run has ended: `startedAt`/`endedAt` are the ISO times the run record carries. */
export function observeRun(process: string, status: string, startedAt: string, endedAt: string): void {
  const seconds = (Date.parse(endedAt) - Date.parse(startedAt)) / 1000;
  if (Number.isFinite(seconds)) runDuration.observe({ process, status }, Math.max(0, seconds));
}

/**
 * prom-client's process and Node.js metrics (CPU, memory, event-loop lag, GC, handles), once
 * per process: several gateways in one process (the e2e suites) share the registry.
 */
export function collectProcessMetrics(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total') === undefined) collectDefaultMetrics({ register });
}
