/**
 * Equivalence before measurement. The gateway on SQLite is the reference: its answers are read
 * once (and captured for the floor), then every other target must return the same records for
 * every id of (a) and (b), and the same rows in the same order for (c): property order and
 * `@odata.*` control information aside (CAP writes a relative `@odata.context`, the gateway an
 * absolute one). The floor is checked byte for byte when it starts.
 */
import { Agent } from 'node:http';
import { fmt, say } from '../lib/console';
import { httpGet } from '../lib/http';
import { mulberry32, round, sampleDistinct } from '../lib/stats';
import { Capture } from './floor-target';
import { canonicalRow, readPaged, RowDigest } from './paged-read';
import { activitiesPath, firstPagePath, lookupPath, QueryKey, Target } from './targets';

const ID_SEED = 20_260_101;

/** Average size of one answer of a query on one target. */
export interface AnswerSize {
  readonly bytes: number;
  readonly rows: number;
}

export interface Reference {
  /** The customer ids (a) and (b) cycle through: a seeded random sample of all ids. */
  readonly ids: readonly string[];
  readonly lookups: ReadonlyMap<string, string>;
  readonly activities: ReadonlyMap<string, string>;
  readonly pagedRead: { readonly rows: number; readonly pages: number; readonly sha256: string };
}

export interface Verified {
  readonly sizes: Readonly<Record<QueryKey, AnswerSize>>;
}

/** Reads the reference's answers (every Customer page, then (a) and (b) for the sampled ids) into `capture`. */
export async function readReference(ref: Target, idCount: number, capture: Capture): Promise<{ reference: Reference; verified: Verified }> {
  const allIds: string[] = [];
  const digest = new RowDigest();
  let firstIds: string[] = [];
  const read = await readPaged(ref.port, firstPagePath(ref.root), ref.headers, {
    deadlineMs: 600_000,
    onPage: (path, body, rows) => {
      capture.bodies.set(path, body);
      digest.add(rows);
      for (const row of rows) allIds.push(String(row.CustomerId));
    },
  });
  firstIds = allIds.slice(0, 3);
  for (let i = 1; i < allIds.length; i++) {
    if (!(allIds[i - 1] < allIds[i])) throw new Error(`reference paged read: ids not strictly increasing at ${i} (${allIds[i - 1]}, ${allIds[i]})`);
  }
  const ids = sampleDistinct(allIds.length, idCount, mulberry32(ID_SEED)).map((i) => allIds[i]);
  const lookups = new Map<string, string>();
  const activities = new Map<string, string>();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sum = { lookup: { bytes: 0, rows: 0 }, activities: { bytes: 0, rows: 0 } };
  try {
    for (const id of ids) {
      const one = await get(ref, lookupPath(ref.root, id), agent, capture);
      if ((one.json as { CustomerId?: unknown }).CustomerId !== id) throw new Error(`reference lookup of ${id} answered ${one.body.toString('utf8').slice(0, 300)}`);
      lookups.set(id, canonicalRow(one.json));
      sum.lookup.bytes += one.body.length;
      sum.lookup.rows += 1;
      const many = await get(ref, activitiesPath(ref.root, id), agent, capture);
      activities.set(id, canonicalValue(many.json, id));
      sum.activities.bytes += many.body.length;
      sum.activities.rows += valueOf(many.json).length;
    }
  } finally {
    agent.destroy();
  }
  const { sha256 } = digest.finish();
  say(`   reference (${ref.label}): ${fmt(read.rows)} customers in ${read.pages} pages (first ids ${firstIds.join(', ')}), ` +
    `${ids.length} sampled ids, ${fmt(sum.activities.rows / ids.length, 2)} activities per id`);
  return {
    reference: { ids, lookups, activities, pagedRead: { rows: read.rows, pages: read.pages, sha256 } },
    verified: { sizes: sizes(sum, ids.length, read) },
  };
}

/** Checks `target` against the reference; returns the size of its answers. */
export async function verifyTarget(target: Target, reference: Reference): Promise<Verified> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sum = { lookup: { bytes: 0, rows: 0 }, activities: { bytes: 0, rows: 0 } };
  try {
    for (const id of reference.ids) {
      const one = await get(target, lookupPath(target.root, id), agent);
      expectSame(target, `lookup of ${id}`, reference.lookups.get(id), canonicalRow(one.json));
      sum.lookup.bytes += one.body.length;
      sum.lookup.rows += 1;
      const many = await get(target, activitiesPath(target.root, id), agent);
      expectSame(target, `activities of ${id}`, reference.activities.get(id), canonicalValue(many.json, id));
      sum.activities.bytes += many.body.length;
      sum.activities.rows += valueOf(many.json).length;
    }
  } finally {
    agent.destroy();
  }
  const digest = new RowDigest();
  const read = await readPaged(target.port, firstPagePath(target.root), target.headers, { deadlineMs: 600_000, onPage: (_p, _b, rows) => digest.add(rows) });
  const got = digest.finish();
  if (got.rows !== reference.pagedRead.rows || got.sha256 !== reference.pagedRead.sha256) {
    throw new Error(`${target.label}: the paged read of Customer differs from the reference (${got.rows} rows, sha256 ${got.sha256.slice(0, 12)}… ` +
      `vs ${reference.pagedRead.rows} rows, ${reference.pagedRead.sha256.slice(0, 12)}…)`);
  }
  say(`   ${target.label}: same answers for ${reference.ids.length} lookups, ${reference.ids.length} activity reads and all ${fmt(read.rows)} customers (${read.pages} pages)`);
  return { sizes: sizes(sum, reference.ids.length, read) };
}

async function get(target: Target, path: string, agent: Agent, capture?: Capture): Promise<{ body: Buffer; json: Record<string, unknown> }> {
  const res = await httpGet(target.port, path, { ...target.headers }, { agent });
  if (res.status !== 200) throw new Error(`${target.label} ${path}: HTTP ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
  if (capture) {
    capture.bodies.set(path, res.body);
    capture.contentType = String(res.headers['content-type']);
  }
  return { body: res.body, json: JSON.parse(res.body.toString('utf8')) as Record<string, unknown> };
}

function valueOf(json: Record<string, unknown>): Record<string, unknown>[] {
  if (!Array.isArray(json.value)) throw new Error(`no value array in ${JSON.stringify(json).slice(0, 300)}`);
  return json.value as Record<string, unknown>[];
}

function canonicalValue(json: Record<string, unknown>, id: string): string {
  const rows = valueOf(json);
  if (json['@odata.nextLink'] !== undefined) throw new Error(`activities of ${id}: more than one page`);
  return rows.map(canonicalRow).join('\n');
}

function expectSame(target: Target, what: string, expected: string | undefined, got: string): void {
  if (expected === got) return;
  throw new Error(`${target.label}: ${what} differs from the reference\n  reference: ${expected?.slice(0, 600)}\n  ${target.key}: ${got.slice(0, 600)}`);
}

function sizes(
  sum: { lookup: AnswerSize; activities: AnswerSize },
  ids: number,
  read: { rows: number; pages: number; bytes: number },
): Record<QueryKey, AnswerSize> {
  const per = (s: AnswerSize) => ({ bytes: round(s.bytes / ids), rows: round(s.rows / ids, 2) });
  return { lookup: per(sum.lookup), activities: per(sum.activities), pagedRead: { bytes: round(read.bytes / read.pages), rows: round(read.rows / read.pages, 2) } };
}
