/**
 * Reading one big partition to the end (the issue: 1 GiB, maxSize = 8 MiB) through
 * `GET /datasets/bench/tables/WideActivity/partitions/data`, OffsetEnd → offsetStart until
 * OffsetEnd is the file's size, against `fs.createReadStream(file).pipe(csv-parse())` of the
 * same file in this process. Rounds alternate the order (gateway first in odd rounds); the
 * page cache is warmed first so both sides read from memory. MB/s = file bytes / seconds.
 *
 * The client reads each response fully (no Accept-Encoding: identity, as the baseline gets
 * bytes), JSON.parses it and counts Items, as a client would; both sides must count the
 * same records. The gateway's VmRSS is sampled every 100 ms; VmHWM is read at the end.
 */
import { createReadStream } from 'node:fs';
import { Agent } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { AUTH } from '../context';
import { fmt, say } from '../lib/console';
import { httpGet } from '../lib/http';
import { INSTANCE, WIDE_ENTITY, WIDE_PARTITION, type WideData } from '../lib/partition-data';
import { startBenchGateway } from '../lib/partition-gateway';
import { gatewayNodeArgs, type PartitionsContext } from '../lib/partitions-context';
import { readCpuSeconds, readMemory, RssSampler } from '../lib/proc';
import { median, round } from '../lib/stats';

const READ_DEADLINE_MS = 20 * 60_000;
const MIB = 2 ** 20;

export interface ReadRun {
  readonly round: number;
  /** 1 = read first in its round. */
  readonly order: number;
  readonly ms: number;
  readonly mibPerSecond: number;
  readonly records: number;
  /** CPU of this process (client / csv-parse) over the run, seconds. */
  readonly clientCpuSeconds: number;
}

export interface GatewayReadRun extends ReadRun {
  readonly requests: number;
  readonly responseBytes: number;
  readonly maxItemsPerResponse: number;
  /** Request sent → last body byte, summed. */
  readonly requestMs: number;
  /** JSON.parse in the client, summed. */
  readonly parseMs: number;
  readonly slowestRequestMs: number;
  readonly serverCpuSeconds: number;
  readonly maxSampledRssMb: number;
}

export interface PartitionReadPhase {
  readonly file: string;
  readonly bytes: number;
  readonly rows: number;
  readonly maxSize: number;
  readonly maxResults: number;
  readonly gatewayStartMs: number;
  readonly idleRssMb?: number;
  readonly gateway: GatewayReadRun[];
  readonly baseline: ReadRun[];
  /** Medians over the rounds. */
  readonly gatewayMibPerSecond: number;
  readonly baselineMibPerSecond: number;
  readonly ratio: number;
  /** Median of each round's gateway / baseline (paired: less sensitive to load that changes between rounds). */
  readonly medianRoundRatio: number;
  /** The gateway's VmHWM at the end (whole process life, start included). */
  readonly peakRssMb?: number;
  readonly maxSampledRssMb: number;
}

export async function phasePartitionRead(ctx: PartitionsContext, data: WideData): Promise<PartitionReadPhase> {
  const { readRounds: rounds, maxSize, maxResults } = ctx.options;
  say(`read: ${fmt(data.bytes / MIB, 1)} MiB partition (${fmt(data.rows)} rows), maxSize ${fmt(maxSize)}, maxResults ${fmt(maxResults)}; ` +
    `gateway vs fs.createReadStream + csv-parse, ${rounds} rounds`);
  const gateway = await startBenchGateway({ launch: ctx.launch, label: 'partition read', dataDir: ctx.dataDir, logFile: ctx.logFile, instance: INSTANCE, nodeArgs: gatewayNodeArgs(ctx) });
  say(`   gateway up in ${fmt(gateway.startMs / 1000, 1)} s, idle RSS ${fmt(gateway.idleRssMb ?? NaN)} MB`);
  try {
    const warm = await warmPageCache(data.file);
    say(`   page cache warmed (${fmt(data.bytes / MIB / (warm / 1000))} MiB/s plain read)`);
    const runs = { gateway: [] as GatewayReadRun[], baseline: [] as ReadRun[] };
    for (let r = 1; r <= rounds; r++) {
      const gatewayFirst = r % 2 === 1;
      for (const side of gatewayFirst ? (['gateway', 'baseline'] as const) : (['baseline', 'gateway'] as const)) {
        const order = side === (gatewayFirst ? 'gateway' : 'baseline') ? 1 : 2;
        if (side === 'gateway') {
          const run = await readThroughGateway(gateway.proc.pid, gateway.port, data, ctx, r, order);
          runs.gateway.push(run);
          say(`   round ${r} gateway : ${fmt(run.mibPerSecond, 1)} MiB/s (${fmt(run.ms / 1000, 2)} s, ${fmt(run.requests)} requests, ` +
            `requests ${fmt(run.requestMs / 1000, 2)} s + client JSON.parse ${fmt(run.parseMs / 1000, 2)} s; gateway CPU ${fmt(run.serverCpuSeconds, 1)} s; max RSS ${fmt(run.maxSampledRssMb)} MB)`);
        } else {
          const run = await readBaseline(data, r, order);
          runs.baseline.push(run);
          say(`   round ${r} baseline: ${fmt(run.mibPerSecond, 1)} MiB/s (${fmt(run.ms / 1000, 2)} s, ${fmt(run.records)} records)`);
        }
      }
    }
    const atEnd = readMemory(gateway.proc.pid);
    const gatewayMibPerSecond = median(runs.gateway.map((g) => g.mibPerSecond));
    const baselineMibPerSecond = median(runs.baseline.map((b) => b.mibPerSecond));
    return {
      file: data.file,
      bytes: data.bytes,
      rows: data.rows,
      maxSize,
      maxResults,
      gatewayStartMs: round(gateway.startMs),
      ...(gateway.idleRssMb !== undefined ? { idleRssMb: gateway.idleRssMb } : {}),
      ...runs,
      gatewayMibPerSecond: round(gatewayMibPerSecond, 1),
      baselineMibPerSecond: round(baselineMibPerSecond, 1),
      ratio: round(gatewayMibPerSecond / baselineMibPerSecond, 4),
      medianRoundRatio: round(median(runs.gateway.map((g) => g.mibPerSecond / (runs.baseline.find((b) => b.round === g.round)?.mibPerSecond ?? NaN))), 4),
      ...(atEnd ? { peakRssMb: atEnd.hwmMb } : {}),
      maxSampledRssMb: Math.max(...runs.gateway.map((g) => g.maxSampledRssMb)),
    };
  } finally {
    const stopped = await gateway.proc.stop();
    if (stopped.killed) say('   warning: the gateway ignored SIGTERM for 15 s and was killed');
  }
}

async function warmPageCache(file: string): Promise<number> {
  const started = performance.now();
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * MIB })) void chunk;
  return performance.now() - started;
}

interface PartitionDataPage {
  readonly OffsetStart: number;
  readonly OffsetEnd: number;
  readonly Size: number;
  readonly Items: readonly unknown[];
}

async function readThroughGateway(pid: number, port: number, data: WideData, ctx: PartitionsContext, roundNo: number, order: number): Promise<GatewayReadRun> {
  const { maxSize, maxResults } = ctx.options;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = `/datasets/${INSTANCE}/tables/${WIDE_ENTITY}/partitions/data?partitionUri=${encodeURIComponent(WIDE_PARTITION)}&maxSize=${maxSize}&maxResults=${maxResults}`;
  const sampler = new RssSampler(pid, 100);
  const cpuBefore = readCpuSeconds(pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + READ_DEADLINE_MS;
  let offset = 0;
  let records = 0;
  let requests = 0;
  let responseBytes = 0;
  let requestMs = 0;
  let parseMs = 0;
  let slowest = 0;
  let maxItems = 0;
  try {
    while (offset < data.bytes) {
      if (performance.now() > deadline) throw new Error(`gateway read not finished after ${READ_DEADLINE_MS / 60_000} min (offset ${offset})`);
      const path = `${base}&offsetStart=${offset}`;
      const t0 = performance.now();
      const res = await httpGet(port, path, AUTH, { agent, timeoutMs: 120_000 });
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
      const page = JSON.parse(res.body.toString('utf8')) as PartitionDataPage;
      const t2 = performance.now();
      if (page.OffsetStart !== offset || !Array.isArray(page.Items) || page.Size !== page.Items.length) {
        throw new Error(`GET ${path}: unexpected answer OffsetStart ${page.OffsetStart}, Size ${page.Size}, ${Array.isArray(page.Items) ? page.Items.length : 'no'} Items`);
      }
      if (page.OffsetEnd <= offset || page.OffsetEnd > data.bytes) throw new Error(`GET ${path}: OffsetEnd ${page.OffsetEnd} does not move forward within ${data.bytes} bytes`);
      requests++;
      records += page.Items.length;
      maxItems = Math.max(maxItems, page.Items.length);
      responseBytes += res.body.length;
      requestMs += t1 - t0;
      parseMs += t2 - t1;
      slowest = Math.max(slowest, t1 - t0);
      offset = page.OffsetEnd;
    }
  } finally {
    agent.destroy();
  }
  const ms = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const samples = sampler.stop();
  if (records !== data.rows) throw new Error(`the gateway returned ${records} records, the partition has ${data.rows}`);
  return {
    ...readFigures(data, roundNo, order, ms, records, client),
    requests,
    responseBytes,
    maxItemsPerResponse: maxItems,
    requestMs: round(requestMs),
    parseMs: round(parseMs),
    slowestRequestMs: round(slowest),
    serverCpuSeconds: round(readCpuSeconds(pid) - cpuBefore, 2),
    maxSampledRssMb: samples.reduce((m, s) => Math.max(m, s.rssMb), 0),
  };
}

/** `fs.createReadStream(file).pipe(csv-parse())`, counting records: csv-parse's defaults (`,` and `"`), default stream buffer. */
async function readBaseline(data: WideData, roundNo: number, order: number): Promise<ReadRun> {
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  let records = 0;
  const parser = parse();
  parser.on('data', () => {
    records++;
  });
  await pipeline(createReadStream(data.file), parser);
  const ms = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  if (records !== data.rows) throw new Error(`csv-parse counted ${records} records, the partition has ${data.rows}`);
  return readFigures(data, roundNo, order, ms, records, client);
}

/** What both readers report for a round: time, MiB/s over the file's bytes, records, the client's CPU. */
function readFigures(data: WideData, roundNo: number, order: number, ms: number, records: number, client: NodeJS.CpuUsage): ReadRun {
  return {
    round: roundNo,
    order,
    ms: round(ms),
    mibPerSecond: round(data.bytes / MIB / (ms / 1000), 1),
    records,
    clientCpuSeconds: round((client.user + client.system) / 1e6, 2),
  };
}
