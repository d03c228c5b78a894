/**
 * SAP CAP as the peer: the CDS model in bench/peer/cap/ served by @sap/cds with @cap-js/sqlite
 * (cap/server.js, its own process, NODE_ENV=production). Its SQLite file is made by `cds-deploy`
 * and filled with the rows the gateway serves, read through the gateway's own feed, so both serve
 * the same records; the file is kept in .bench-data/peer/ and reused while the model, the data
 * size and the row counts match (every run still checks the answers, see verify.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT } from '../context';
import { cleanEnv } from '../gateway';
import { fmt, say } from '../lib/console';
import { waitForFirstAnswer } from '../lib/http';
import { freePort, ManagedProcess } from '../lib/processes';
import { readPaged } from './paged-read';
import { firstPagePath, Target, TARGET_LABELS } from './targets';

export const CAP_DIR = join(ROOT, 'bench', 'peer', 'cap');
export const CAP_ROOT = '/odata/v4/demo/';
const CDS_PACKAGE = join(ROOT, 'node_modules', '@sap', 'cds');
const MODEL_FILES = ['db/schema.cds', 'srv/demo-service.cds', '.cdsrc.json'];

/** The CDS entities' tables (namespace insights.demo) and what is read into each. */
const TABLES = [
  { entity: 'Customer', table: 'insights_demo_Customer' },
  { entity: 'UnifiedActivity', table: 'insights_demo_UnifiedActivity' },
] as const;

interface CapDataManifest {
  readonly customers: number;
  readonly modelSha256: string;
  readonly cdsVersion: string;
  readonly rows: Readonly<Record<string, number>>;
  readonly loadMs: number;
}

export interface CapData {
  readonly file: string;
  readonly reused: boolean;
  readonly rows: Readonly<Record<string, number>>;
  /** Deploy + read through the gateway + insert + index, ms (of the run that made the file). */
  readonly loadMs: number;
}

export function cdsVersion(): string {
  return (JSON.parse(readFileSync(join(CDS_PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
}

/** CAP's database file, made now from the gateway's answers unless a matching one is there. */
export async function ensureCapData(file: string, customers: number, source: Target, fresh: boolean): Promise<CapData> {
  const manifestFile = `${file}.json`;
  const modelSha256 = createHash('sha256').update(MODEL_FILES.map((f) => readFileSync(join(CAP_DIR, f), 'utf8')).join('\0')).digest('hex');
  const version = cdsVersion();
  if (!fresh && existsSync(file) && existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as CapDataManifest;
    if (m.customers === customers && m.modelSha256 === modelSha256 && m.cdsVersion === version && rowsMatch(file, m.rows)) {
      say(`   CAP database reused: ${file} (${Object.entries(m.rows).map(([e, n]) => `${e} ${fmt(n)}`).join(', ')})`);
      return { file, reused: true, rows: m.rows, loadMs: m.loadMs };
    }
  }
  const started = performance.now();
  for (const f of [file, `${file}-wal`, `${file}-shm`, manifestFile]) rmSync(f, { force: true });
  execFileSync(process.execPath, [join(CDS_PACKAGE, 'bin', 'deploy.js')], { cwd: CAP_DIR, env: capEnv(file, {}), stdio: 'pipe' });
  const rows: Record<string, number> = {};
  const db = new Database(file);
  try {
    for (const { entity, table } of TABLES) {
      rows[entity] = await copyEntity(db, source, entity, table);
    }
    // The filter column of query (b), indexed as the gateway indexes it (CustomerId, ActivityTime). CDS has
    // no index syntax; a CAP project adds one in its database artifacts (e.g. .hdbindex on HANA).
    db.exec('CREATE INDEX insights_demo_UnifiedActivity_CustomerId ON insights_demo_UnifiedActivity (CustomerId, ActivityTime)');
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
  const loadMs = Math.round(performance.now() - started);
  const manifest: CapDataManifest = { customers, modelSha256, cdsVersion: version, rows, loadMs };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  say(`   CAP database made in ${fmt(loadMs / 1000, 1)} s: ${Object.entries(rows).map(([e, n]) => `${e} ${fmt(n)}`).join(', ')}`);
  return { file, reused: false, rows, loadMs };
}

/** Reads every row of `entity` through the source's feed and inserts it; returns the count. */
async function copyEntity(db: Database.Database, source: Target, entity: string, table: string): Promise<number> {
  const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  const insertPage = db.transaction((page: readonly Record<string, unknown>[]) => {
    for (const row of page) insert.run(Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
  });
  const read = await readPaged(source.port, `${source.root}${entity}`, source.headers, {
    deadlineMs: 600_000,
    onPage: (_path, _body, page) => {
      for (const row of page) {
        const unknown = Object.keys(row).find((k) => !k.startsWith('@') && !columns.includes(k));
        if (unknown !== undefined) throw new Error(`${entity}.${unknown} has no column in ${table}: the CDS model must match the gateway's`);
      }
      insertPage(page);
    },
  });
  return read.rows;
}

function rowsMatch(file: string, rows: Readonly<Record<string, number>>): boolean {
  const db = new Database(file, { readonly: true });
  try {
    return TABLES.every(({ entity, table }) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n === rows[entity]);
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** The environment of every CAP process: production mode, its database file, nothing of the parent's CDS_* settings. */
function capEnv(file: string, extra: Record<string, string>): Record<string, string> {
  const env = cleanEnv({});
  for (const name of Object.keys(env)) if (/^cds_/i.test(name)) delete env[name];
  return {
    ...env,
    NODE_ENV: 'production',
    // @sap/cds 10 declares Node.js ≥ 22 and exits on older ones unless told not to; on the Node 20 this
    // project runs on it works with the better-sqlite3 driver (.cdsrc.json), not with node:sqlite.
    CDS_STRICT_NODE_VERSION: 'false',
    CDS_CONFIG: JSON.stringify({ requires: { db: { credentials: { url: file } } } }),
    ...extra,
  };
}

export interface CapTarget extends Target {
  readonly firstAnswerMs: number;
}

export async function startCap(file: string, logFile: string): Promise<CapTarget> {
  const port = await freePort();
  const proc = new ManagedProcess(TARGET_LABELS.cap, [join(CAP_DIR, 'server.js')], capEnv(file, { PORT: String(port) }), logFile, CAP_DIR);
  try {
    const firstAnswerMs = await waitForFirstAnswer(port, `${firstPagePath(CAP_ROOT)}?$top=1`, {}, {
      since: proc.spawnedAt,
      intervalMs: 100,
      deadlineMs: 120_000,
      alive: () => proc.alive(),
    });
    return { key: 'cap', label: TARGET_LABELS.cap, port, proc, headers: {}, root: CAP_ROOT, firstAnswerMs };
  } catch (error) {
    await proc.stop(5_000);
    throw new Error(`CAP: ${error instanceof Error ? error.message : String(error)}\n--- CAP output (tail) ---\n${proc.output().slice(-4000)}`);
  }
}
