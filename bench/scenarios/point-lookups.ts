/**
 * Phase 3: point lookups (Customer, UnifiedActivity by CustomerId) with autocannon, against the
 * gateway and against a bare node:http server answering the same bytes, alternating, median of the rounds.
 */
import type { AutocannonRequest } from 'autocannon';
import { mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { join, relative } from 'node:path';
import { AUTH, BENCH_DATA, Context, ROOT } from '../context';
import { fmt, say } from '../lib/console';
import { httpGet } from '../lib/http';
import { runLoad, LoadRun } from '../lib/load';
import { parsePage } from '../lib/odata-page';
import { readMemory } from '../lib/proc';
import { mulberry32, sampleDistinct } from '../lib/stats';
import { Incident, SupervisedGateway } from '../supervised-gateway';
import { Baseline, captureAnswers, runBaseline, spawnBaseline, verifyBaseline } from './lookup-baseline';
import { AnswerStats, Endpoint, ENDPOINTS, EndpointResult, LookupPhase, LookupVariant, summarize } from './lookup-results';

const ID_SEED = 20_260_101;

interface VariantSpec {
  readonly name: string;
  readonly ttl: number;
}

/** What every load run of the phase needs besides the request list. */
interface LookupSetup {
  readonly ctx: Context;
  readonly supervised: SupervisedGateway;
  readonly baseline: Baseline;
}

async function discoverIds(port: number, count: number, customers: number, agent: Agent): Promise<{ ids: string[]; format: string }> {
  const path = '/datasets/demo/tables/Customer/items?$top=3&$select=CustomerId';
  const res = await httpGet(port, path, AUTH, { agent });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
  const first = parsePage(res.body, path).value.map((r) => String(r.CustomerId));
  const match = /^(\D*)(\d+)$/.exec(first[0] ?? '');
  if (!match) throw new Error(`cannot read the CustomerId format from ${JSON.stringify(first)}`);
  const [, prefix, digits] = match;
  const start = Number(digits);
  const ids = sampleDistinct(customers, count, mulberry32(ID_SEED)).map((i) => `${prefix}${String(start + i).padStart(digits.length, '0')}`);
  return { ids, format: `${prefix}${'9'.repeat(digits.length)} (first ids: ${first.join(', ')})` };
}

export async function phaseLookups(ctx: Context): Promise<LookupPhase> {
  const o = ctx.options;
  say(`3. point lookups: ${o.connections} connections, ${o.durationS} s per run, ${o.rounds} rounds, ${o.ids} random customer ids`);
  const profileDir = join(BENCH_DATA, 'profiles');
  if (o.cpuProf) mkdirSync(profileDir, { recursive: true });
  const nodeArgs = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const incidents: Incident[] = [];
  const mainTtl = o.throttleTtlS ?? 60;
  const variantSpecs: VariantSpec[] = [{ name: `gateway, throttle window ${mainTtl} s`, ttl: mainTtl }];
  if (o.throttleDiagnostic && mainTtl !== 1) variantSpecs.push({ name: 'diagnostic: throttle window 1 s', ttl: 1 });

  let supervised = new SupervisedGateway(ctx, 'point lookups', incidents, nodeArgs, mainTtl);
  await supervised.start();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let baseline: Baseline | undefined;
  try {
    const { ids, format } = await discoverIds(supervised.gateway.port, o.ids, o.customers, agent);
    say(`   customer ids look like ${format}`);
    const captured = await captureAnswers(supervised.gateway.port, ids, agent);
    baseline = await spawnBaseline(ctx, captured);
    const baselineHeaders = await verifyBaseline(baseline, ids, captured);

    const variants: LookupVariant[] = [];
    for (const [v, spec] of variantSpecs.entries()) {
      if (v > 0) {
        await supervised.stop();
        supervised = new SupervisedGateway(ctx, spec.name, incidents, [], spec.ttl);
        await supervised.start();
      }
      variants.push(await measureVariant({ ctx, supervised, baseline }, spec, ids, captured.stats));
    }
    return {
      idFormat: format,
      sampleIds: ids.slice(0, 10),
      gatewayHeaders: captured.gatewayHeaders,
      baselineHeaders,
      variants,
      incidents,
      ...(o.cpuProf ? { cpuProfileDir: relative(ROOT, profileDir) } : {}),
    };
  } finally {
    agent.destroy();
    if (baseline) await baseline.proc.stop(5_000);
    await supervised.stop();
  }
}

/** One gateway configuration vs the baseline, every endpoint. */
async function measureVariant(t: LookupSetup, spec: VariantSpec, ids: readonly string[], stats: Map<string, AnswerStats>): Promise<LookupVariant> {
  say(`   — ${spec.name} (THROTTLE_LIMIT=${t.ctx.throttleLimit}, THROTTLE_TTL_SECONDS=${spec.ttl}) vs baseline`);
  const results: EndpointResult[] = [];
  for (const endpoint of ENDPOINTS) {
    results.push(await measureEndpoint(t, endpoint, ids, stats.get(endpoint.key) ?? { rows: NaN, bytes: NaN }));
  }
  const memory = readMemory(t.supervised.gateway.proc.pid);
  return { name: spec.name, throttleTtlS: spec.ttl, endpoints: results, ...(memory ? { gatewayMemoryAfter: memory } : {}) };
}

/** Warm-up, then the rounds, gateway and baseline alternating. */
async function measureEndpoint(t: LookupSetup, endpoint: Endpoint, ids: readonly string[], stat: AnswerStats): Promise<EndpointResult> {
  const o = t.ctx.options;
  const requests: AutocannonRequest[] = ids.map((id) => ({ method: 'GET', path: endpoint.path(id), headers: { ...AUTH } }));
  if (o.warmupS > 0) {
    await runGateway(t, requests, o.warmupS, `${endpoint.name} warm-up`);
    await runBaseline(t.baseline, requests, o.connections, o.warmupS);
  }
  const gatewayRuns: LoadRun[] = [];
  const baselineRuns: LoadRun[] = [];
  for (let round_ = 1; round_ <= o.rounds; round_++) {
    for (const target of ['gateway', 'baseline'] as const) {
      const r = target === 'gateway'
        ? await runGateway(t, requests, o.durationS, `${endpoint.name} round ${round_}`)
        : await runBaseline(t.baseline, requests, o.connections, o.durationS);
      (target === 'gateway' ? gatewayRuns : baselineRuns).push(r);
      say(`   ${endpoint.name} round ${round_} ${target.padEnd(8)}: ${fmt(r.rps).padStart(7)} req/s  p50 ${fmt(r.p50Ms, 2)} ms  ` +
        `p99 ${fmt(r.p99Ms, 2)} ms  server CPU ${fmt(r.serverCpuCores, 2)} cores (${fmt(r.serverCpuUsPerRequest)} µs/req)  ` +
        `client CPU ${fmt(r.clientCpuCores, 2)}  per-second min/max ${fmt(r.perSecond.min)}/${fmt(r.perSecond.max)}`);
    }
  }
  return summarize(endpoint.name, ids.length, stat, gatewayRuns, baselineRuns);
}

/** A load run against the gateway, repeated after a restart when the gateway broke during it. */
async function runGateway(t: LookupSetup, requests: AutocannonRequest[], durationS: number, during: string): Promise<LoadRun> {
  for (;;) {
    await t.supervised.restartIfBroken(`before ${during}`);
    const gateway = t.supervised.gateway;
    const r = await runLoad({ port: gateway.port, requests, connections: t.ctx.options.connections, durationS, serverPid: gateway.proc.pid });
    // Every answer was verified before the runs: a non-2xx or a socket error invalidates the run.
    const failure = r.errors || r.timeouts || r.non2xx ? `errors=${r.errors} timeouts=${r.timeouts} status=${JSON.stringify(r.statusCodes)}` : undefined;
    if (await t.supervised.restartIfBroken(during, failure)) continue;
    return r;
  }
}
