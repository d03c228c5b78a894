/**
 * Importing a CDM folder of --rows Customer rows (demo generator, 4 headerless partitions)
 * into the embedded store: `POST /admin/datasets/bench/datasources/crm/import`, once per
 * round on one gateway process (every round replaces the rows the previous one loaded).
 * The gateway answers with ingestMs (parse + staged load up to the commit), exportMs (the
 * entity's partitions rewritten from the store) and durationMs; rows/s = rows / those.
 * The gateway's VmRSS is sampled every 250 ms; VmHWM is read at the end.
 */
import { AUTH } from '../context';
import { fmt, say } from '../lib/console';
import { httpPost } from '../lib/http-post';
import { CUSTOMER_ENTITY, DATA_SOURCE, INSTANCE, type ImportData } from '../lib/partition-data';
import { startBenchGateway } from '../lib/partition-gateway';
import { gatewayNodeArgs, type PartitionsContext } from '../lib/partitions-context';
import { readCpuSeconds, readMemory, RssSampler } from '../lib/proc';
import { median, round } from '../lib/stats';

const IMPORT_TIMEOUT_MS = 30 * 60_000;

export interface ImportRun {
  readonly round: number;
  readonly rows: number;
  readonly ingestMs: number;
  readonly exportMs: number;
  readonly durationMs: number;
  /** POST sent → answer received, as the client saw it. */
  readonly wallMs: number;
  readonly ingestRowsPerSecond: number;
  readonly totalRowsPerSecond: number;
  readonly serverCpuSeconds: number;
  readonly maxSampledRssMb: number;
}

export interface CdmImportPhase {
  readonly rows: number;
  readonly partitions: number;
  readonly sourceBytes: number;
  readonly gatewayStartMs: number;
  readonly idleRssMb?: number;
  readonly runs: ImportRun[];
  /** Medians over the rounds. */
  readonly ingestRowsPerSecond: number;
  readonly totalRowsPerSecond: number;
  readonly ingestMs: number;
  readonly exportMs: number;
  readonly durationMs: number;
  readonly peakRssMb?: number;
  readonly maxSampledRssMb: number;
}

interface ImportAnswer {
  readonly entities: readonly { readonly entity: string; readonly rows: number }[];
  readonly ingestMs: number;
  readonly exportMs: number;
  readonly durationMs: number;
}

export async function phaseCdmImport(ctx: PartitionsContext, data: ImportData): Promise<CdmImportPhase> {
  const { importRounds: rounds } = ctx.options;
  say(`import: CDM folder '${DATA_SOURCE}' of ${fmt(data.rows)} ${CUSTOMER_ENTITY} rows (${fmt(data.bytes / 2 ** 20, 1)} MiB, ${data.partitions.length} partitions) into the embedded store, ${rounds} rounds`);
  const gateway = await startBenchGateway({ launch: ctx.launch, label: 'cdm import', dataDir: ctx.dataDir, logFile: ctx.logFile, instance: INSTANCE, nodeArgs: gatewayNodeArgs(ctx) });
  say(`   gateway up in ${fmt(gateway.startMs / 1000, 1)} s, idle RSS ${fmt(gateway.idleRssMb ?? NaN)} MB`);
  try {
    const runs: ImportRun[] = [];
    const path = `/admin/datasets/${INSTANCE}/datasources/${DATA_SOURCE}/import`;
    for (let r = 1; r <= rounds; r++) {
      const sampler = new RssSampler(gateway.proc.pid, 250);
      const cpuBefore = readCpuSeconds(gateway.proc.pid);
      const started = performance.now();
      const res = await httpPost(gateway.port, path, AUTH, IMPORT_TIMEOUT_MS);
      const wallMs = performance.now() - started;
      const samples = sampler.stop();
      if (res.status !== 200) throw new Error(`POST ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 1000)}`);
      const answer = JSON.parse(res.body.toString('utf8')) as ImportAnswer;
      const rows = answer.entities.find((e) => e.entity === CUSTOMER_ENTITY)?.rows;
      if (rows !== data.rows) throw new Error(`POST ${path}: imported ${rows} ${CUSTOMER_ENTITY} rows, the folder has ${data.rows}: ${res.body.toString('utf8').slice(0, 500)}`);
      const run: ImportRun = {
        round: r,
        rows,
        ingestMs: answer.ingestMs,
        exportMs: answer.exportMs,
        durationMs: answer.durationMs,
        wallMs: round(wallMs),
        ingestRowsPerSecond: round(rows / (answer.ingestMs / 1000)),
        totalRowsPerSecond: round(rows / (answer.durationMs / 1000)),
        serverCpuSeconds: round(readCpuSeconds(gateway.proc.pid) - cpuBefore, 2),
        maxSampledRssMb: samples.reduce((m, s) => Math.max(m, s.rssMb), 0),
      };
      runs.push(run);
      say(`   round ${r}: ingest ${fmt(run.ingestMs / 1000, 2)} s (${fmt(run.ingestRowsPerSecond)} rows/s) + export ${fmt(run.exportMs / 1000, 2)} s = ` +
        `${fmt(run.durationMs / 1000, 2)} s (${fmt(run.totalRowsPerSecond)} rows/s); gateway CPU ${fmt(run.serverCpuSeconds, 1)} s; max RSS ${fmt(run.maxSampledRssMb)} MB`);
    }
    const atEnd = readMemory(gateway.proc.pid);
    return {
      rows: data.rows,
      partitions: data.partitions.length,
      sourceBytes: data.bytes,
      gatewayStartMs: round(gateway.startMs),
      ...(gateway.idleRssMb !== undefined ? { idleRssMb: gateway.idleRssMb } : {}),
      runs,
      ingestRowsPerSecond: round(median(runs.map((r) => r.ingestRowsPerSecond))),
      totalRowsPerSecond: round(median(runs.map((r) => r.totalRowsPerSecond))),
      ingestMs: round(median(runs.map((r) => r.ingestMs))),
      exportMs: round(median(runs.map((r) => r.exportMs))),
      durationMs: round(median(runs.map((r) => r.durationMs))),
      ...(atEnd ? { peakRssMb: atEnd.hwmMb } : {}),
      maxSampledRssMb: Math.max(...runs.map((r) => r.maxSampledRssMb)),
    };
  } finally {
    const stopped = await gateway.proc.stop(60_000);
    if (stopped.killed) say('   warning: the gateway ignored SIGTERM for 60 s and was killed');
  }
}
