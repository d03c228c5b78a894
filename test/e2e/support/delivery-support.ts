import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { call, Json, jsonInit } from './gateway-harness';
import { ReceivedRequest, verifySignature } from './webhook-receiver';

/**
 * What the webhook delivery suites (§6.2) share: admin calls against a gateway that may be
 * in this process (gateway-harness) or its own OS process (gateway-process), the webhook
 * worker as an OS process, and the analysis of what a receiver got.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** The parts of a gateway the calls need: `RunningGateway` has them, so does a spawned one. */
export interface GatewayRef {
  readonly url: string;
  readonly admin: { readonly authorization: string };
}

export interface CreatedSubscription {
  readonly id: string;
  readonly secret: string;
  readonly notificationUrl: string;
}

const FINISHED = ['Successful', 'Failed', 'Skipped', 'Canceled'];

async function expectStatus(what: string, response: Promise<{ status: number; body: Json; text: string }>, status: number): Promise<Json> {
  const res = await response;
  if (res.status !== status) throw new Error(`${what} answered ${res.status} (expected ${status}): ${res.text}`);
  return res.body;
}

/** `processCompleted` for `measures`, manual runs included: one event per subscription per run. */
export function subscribeToMeasureRuns(gw: GatewayRef, notificationUrl: string): Promise<CreatedSubscription> {
  return expectStatus(
    `subscribing ${notificationUrl}`,
    call(
      `${gw.url}/datasets/demo/triggers/processCompleted/subscriptions`,
      jsonInit('POST', { NotificationUrl: notificationUrl, process: 'measures', includingManualRefreshes: true }, gw.admin),
    ),
    201,
  );
}

export async function unsubscribe(gw: GatewayRef, id: string): Promise<void> {
  await expectStatus(`unsubscribing ${id}`, call(`${gw.url}/datasets/demo/subscriptions/${id}`, { method: 'DELETE', headers: gw.admin }), 204);
}

/** `POST /admin/datasets/demo/processes/measures/runs` → the run id. */
export async function startMeasuresRun(gw: GatewayRef): Promise<string> {
  const body = await expectStatus('starting a measures run', call(`${gw.url}/admin/datasets/demo/processes/measures/runs`, jsonInit('POST', {}, gw.admin)), 202);
  return body.id as string;
}

export async function getRun(gw: GatewayRef, id: string): Promise<Json> {
  return expectStatus(`reading run ${id}`, call(`${gw.url}/admin/datasets/demo/runs/${id}`, { headers: gw.admin }), 200);
}

export async function waitForRun(gw: GatewayRef, id: string, timeoutMs = 20_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(gw, id);
    if (FINISHED.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Newest first (the admin list's order). */
export async function listRuns(gw: GatewayRef): Promise<Json[]> {
  return (await expectStatus('listing runs', call(`${gw.url}/admin/datasets/demo/runs?process=measures`, { headers: gw.admin }), 200)).value;
}

/** The admin view of the subscriptions, with their delivery statistics (§6.4). */
export async function listSubscriptions(gw: GatewayRef): Promise<Json[]> {
  return (await expectStatus('listing subscriptions', call(`${gw.url}/admin/datasets/demo/subscriptions`, { headers: gw.admin }), 200)).value;
}

export async function listDeliveries(gw: GatewayRef, state?: 'pending' | 'delivered' | 'dead'): Promise<Json[]> {
  const query = state === undefined ? '' : `?state=${state}`;
  return (await expectStatus('listing deliveries', call(`${gw.url}/admin/datasets/demo/deliveries${query}`, { headers: gw.admin }), 200)).value;
}

/** Polls `probe` until it returns something other than undefined. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The run a `ProcessData` body is about: its `StatusPage` link ends in `/runs/{id}`. */
export function runIdOf(payload: Json): string {
  const match = /\/runs\/(run_[A-Za-z0-9_-]+)/.exec(String(payload?.StatusPage ?? ''));
  if (!match) throw new Error(`no run id in ${JSON.stringify(payload)}`);
  return match[1];
}

export function webhookIdOf(request: ReceivedRequest): string {
  const id = request.headers['webhook-id'];
  if (typeof id !== 'string' || id.length === 0) throw new Error(`a request to ${request.path} has no webhook-id`);
  return id;
}

/** One subscription's deliveries as a receiver saw them. */
export interface ReceivedStream {
  /** Distinct `webhook-id`s in the order each first arrived. */
  readonly ids: string[];
  /** The first body of each id, same order. */
  readonly bodies: string[];
  /** Requests beyond the first of their `webhook-id`. */
  readonly duplicates: number;
  /** A `webhook-id` whose body changed between attempts (must not happen). */
  readonly changedBodies: string[];
}

/**
 * Groups requests by path (one path per subscription), checks every signature with the
 * path's secret (the reference library: throws on the first bad one) and folds repeats of a
 * `webhook-id` into duplicates.
 */
export function receivedStreams(requests: readonly ReceivedRequest[], secrets: ReadonlyMap<string, string>): Map<string, ReceivedStream> {
  const streams = new Map<string, { ids: string[]; bodies: string[]; duplicates: number; changedBodies: string[]; seen: Map<string, string> }>();
  for (const request of requests) {
    const path = request.path.split('?')[0];
    const secret = secrets.get(path);
    if (secret === undefined) continue;
    verifySignature(secret, request);
    const id = webhookIdOf(request);
    let stream = streams.get(path);
    if (!stream) streams.set(path, (stream = { ids: [], bodies: [], duplicates: 0, changedBodies: [], seen: new Map() }));
    const before = stream.seen.get(id);
    if (before === undefined) {
      stream.seen.set(id, request.rawBody);
      stream.ids.push(id);
      stream.bodies.push(request.rawBody);
    } else {
      stream.duplicates += 1;
      if (before !== request.rawBody) stream.changedBodies.push(id);
    }
  }
  return new Map([...streams].map(([path, { seen: _seen, ...stream }]): [string, ReceivedStream] => [path, stream]));
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  output(): string;
}

/**
 * The webhook worker (apps/worker) as its own OS process, from the TypeScript sources like
 * `spawnGateway` (no build, so nothing in dist/ is touched). Resolves once it has logged that
 * it runs (its dispatcher has started).
 */
export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  let output = '';
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'apps/worker/src/main.ts')],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env, LOG_LEVEL: 'log' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
    if (output.includes('webhook worker running')) return { child, output: () => output };
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`worker did not start within 60 s:\n${output}`);
}
