/**
 * Phase 3's floor: the gateway's answers are captured once, then a bare node:http server
 * (baseline-server.ts, its own process) serves exactly those bytes.
 */
import type { AutocannonRequest } from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { AUTH, BENCH_DATA, Context, ROOT } from '../context';
import { cleanEnv } from '../gateway';
import { fmt, say } from '../lib/console';
import { httpGet, waitForFirstAnswer } from '../lib/http';
import { runLoad, LoadRun } from '../lib/load';
import { parsePage } from '../lib/odata-page';
import { freePort, ManagedProcess } from '../lib/processes';
import { AnswerStats, ENDPOINTS } from './lookup-results';

export interface CapturedAnswers {
  /** Path → the gateway's response body, base64. */
  readonly bodies: Record<string, string>;
  /** Endpoint key → average rows and bytes per answer. */
  readonly stats: Map<string, AnswerStats>;
  readonly contentType: string;
  readonly gatewayHeaders: string[];
}

export interface Baseline {
  readonly proc: ManagedProcess;
  readonly port: number;
}

/** Capture the gateway's answers; the baseline serves exactly these bytes. */
export async function captureAnswers(port: number, ids: readonly string[], agent: Agent): Promise<CapturedAnswers> {
  const bodies: Record<string, string> = {};
  const stats = new Map<string, AnswerStats>();
  let contentType = '';
  let gatewayHeaders: string[] = [];
  for (const endpoint of ENDPOINTS) {
    let rows = 0;
    let bytes = 0;
    for (const id of ids) {
      const path = endpoint.path(id);
      const res = await httpGet(port, path, AUTH, { agent });
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
      const page = parsePage(res.body, path);
      if (endpoint.key === 'customer' && (page.value.length !== 1 || page.value[0].CustomerId !== id)) {
        throw new Error(`${path}: expected exactly customer ${id}, got ${res.body.toString('utf8').slice(0, 300)}`);
      }
      if (page['@odata.nextLink'] !== undefined) throw new Error(`${path}: unexpected next link (more than one page)`);
      rows += page.value.length;
      bytes += res.body.length;
      bodies[path] = res.body.toString('base64');
      contentType = String(res.headers['content-type']);
      gatewayHeaders = Object.keys(res.headers);
    }
    stats.set(endpoint.key, { rows: rows / ids.length, bytes: bytes / ids.length });
    say(`   ${endpoint.name}: ${ids.length} answers captured, ${fmt(rows / ids.length, 2)} rows and ${fmt(bytes / ids.length)} bytes each`);
  }
  return { bodies, stats, contentType, gatewayHeaders };
}

/** Writes the fixture and spawns the baseline server; it is not answering yet (see verifyBaseline). */
export async function spawnBaseline(ctx: Context, captured: CapturedAnswers): Promise<Baseline> {
  mkdirSync(BENCH_DATA, { recursive: true });
  const fixture = join(BENCH_DATA, 'baseline-fixture.json');
  writeFileSync(fixture, JSON.stringify({ contentType: captured.contentType, bodies: captured.bodies }));

  const port = await freePort();
  const proc = new ManagedProcess(
    'baseline node:http',
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'baseline-server.ts')],
    cleanEnv({ PORT: String(port), BASELINE_FIXTURE: fixture, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }),
    ctx.logFile,
    ROOT,
  );
  return { proc, port };
}

/** Waits for the baseline, checks it answers every captured path byte for byte; returns its response headers. */
export async function verifyBaseline(baseline: Baseline, ids: readonly string[], captured: CapturedAnswers): Promise<string[]> {
  const { proc, port } = baseline;
  const someUrl = ENDPOINTS[0].path(ids[0]);
  await waitForFirstAnswer(port, someUrl, AUTH, { since: proc.spawnedAt, intervalMs: 50, deadlineMs: 60_000, alive: () => proc.alive() });
  let baselineHeaders: string[] = [];
  const baselineAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (const [path, body] of Object.entries(captured.bodies)) {
    const res = await httpGet(port, path, AUTH, { agent: baselineAgent });
    if (res.status !== 200 || !res.body.equals(Buffer.from(body, 'base64'))) throw new Error(`baseline answers ${path} differently`);
    baselineHeaders = Object.keys(res.headers);
  }
  baselineAgent.destroy();
  say(`   baseline serves the same ${Object.keys(captured.bodies).length} bodies byte for byte (content-type ${captured.contentType})`);
  return baselineHeaders;
}

export async function runBaseline(baseline: Baseline, requests: AutocannonRequest[], connections: number, durationS: number): Promise<LoadRun> {
  const { proc, port } = baseline;
  if (!proc.alive()) throw new Error(`the baseline server exited: ${proc.output().slice(-1000)}`);
  const r = await runLoad({ port, requests, connections, durationS, serverPid: proc.pid });
  if (r.errors || r.timeouts || r.non2xx) say(`   WARNING baseline: errors=${r.errors} timeouts=${r.timeouts} non2xx=${r.non2xx} ${JSON.stringify(r.statusCodes)}`);
  return r;
}
