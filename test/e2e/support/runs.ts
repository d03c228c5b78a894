import { call, Json, jsonInit, RunningGateway } from './gateway-harness';

/** A run's terminal statuses (§2). */
export const FINISHED = ['Successful', 'Failed', 'Skipped', 'Canceled'] as const;

export type ProcessName = 'dataSources' | 'segments' | 'measures' | 'fullRefresh';

/** `POST /admin/datasets/{dataset}/processes/{process}/runs` → the 202 body (asserted here). */
export async function startRun(gw: RunningGateway, process: ProcessName, dataset = 'demo'): Promise<Json> {
  const res = await call(`${gw.url}/admin/datasets/${dataset}/processes/${process}/runs`, jsonInit('POST', {}, gw.admin));
  if (res.status !== 202) throw new Error(`starting a ${process} run answered ${res.status}: ${res.text}`);
  return res.body;
}

/** `GET /admin/datasets/{dataset}/runs/{id}` (asserted 200). */
export async function getRun(gw: RunningGateway, id: string, dataset = 'demo'): Promise<Json> {
  const res = await call(`${gw.url}/admin/datasets/${dataset}/runs/${id}`, { headers: gw.admin });
  if (res.status !== 200) throw new Error(`reading run ${id} answered ${res.status}: ${res.text}`);
  return res.body;
}

/** Polls the run until it has finished; returns it (with its tasks). */
export async function waitForRun(gw: RunningGateway, id: string, timeoutMs = 30_000, dataset = 'demo'): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(gw, id, dataset);
    if ((FINISHED as readonly string[]).includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts a run and waits for it to finish. */
export async function runToEnd(gw: RunningGateway, process: ProcessName, dataset = 'demo'): Promise<Json> {
  const started = await startRun(gw, process, dataset);
  return waitForRun(gw, started.id, 30_000, dataset);
}

/**
 * Subscribes to a trigger (asserting the 201); returns the created subscription
 * `{id, trigger, parameters, notificationUrl, secret}`.
 */
export async function subscribe(gw: RunningGateway, trigger: string, body: Record<string, unknown>, dataset = 'demo'): Promise<Json> {
  const res = await call(`${gw.url}/datasets/${dataset}/triggers/${trigger}/subscriptions`, jsonInit('POST', body, gw.admin));
  if (res.status !== 201) throw new Error(`subscribing to ${trigger} answered ${res.status}: ${res.text}`);
  return res.body;
}

/** `DELETE /datasets/{dataset}/subscriptions/{id}` → the status. */
export async function unsubscribe(gw: RunningGateway, id: string, dataset = 'demo'): Promise<number> {
  return (await call(`${gw.url}/datasets/${dataset}/subscriptions/${id}`, { method: 'DELETE', headers: gw.admin })).status;
}
