/**
 * The servers `npm run bench:peer` compares and the three queries it sends to each. Every target
 * speaks OData v4 JSON; only the service root differs (the gateway's feed `/odata/demo/`, CAP's
 * `/odata/v4/demo/`, the floor answers the gateway's paths).
 */
import type { ManagedProcess } from '../lib/processes';

export type TargetKey = 'gatewaySqlite' | 'gatewayPostgres' | 'cap' | 'floor';

export const TARGET_LABELS: Readonly<Record<TargetKey, string>> = {
  gatewaySqlite: 'gateway, SQLite',
  gatewayPostgres: 'gateway, PostgreSQL',
  cap: 'SAP CAP (@cap-js/sqlite)',
  floor: 'node:http floor',
};

export interface Target {
  readonly key: TargetKey;
  readonly label: string;
  readonly port: number;
  /** The server process: its CPU time and RSS are the target's. */
  readonly proc: ManagedProcess;
  /** Sent with every request (the gateway's API key; none for CAP and the floor). */
  readonly headers: Readonly<Record<string, string>>;
  /** The OData service root path, ending in `/`. */
  readonly root: string;
  /** Memory of an out-of-process database the target needs (PostgreSQL), MiB PSS; undefined when none or unknown. */
  readonly databaseMemoryMb?: () => number | undefined;
  /** CPU seconds used so far by that database's processes; undefined when unknown. */
  readonly databaseCpuSeconds?: () => number | undefined;
}

export type QueryKey = 'lookup' | 'activities' | 'pagedRead';

export interface Query {
  readonly key: QueryKey;
  readonly name: string;
}

export const QUERIES: readonly Query[] = [
  { key: 'lookup', name: "(a) Customer('id')" },
  { key: 'activities', name: "(b) UnifiedActivity?$filter=CustomerId eq 'id'&$top=50" },
  { key: 'pagedRead', name: '(c) Customer, every page via @odata.nextLink' },
];

/** (a) A point lookup by key (OData URL conventions §4.3.1). */
export function lookupPath(root: string, id: string): string {
  return `${root}Customer('${quoteKey(id)}')`;
}

/** (b) The activities of one customer: a filter on a non-key, indexed column, at most 50 rows. */
export function activitiesPath(root: string, id: string): string {
  return `${root}UnifiedActivity?$filter=CustomerId%20eq%20%27${quoteKey(id)}%27&$top=50`;
}

/** (c) The first page of the full read; the server's page size applies (1000 on both). */
export function firstPagePath(root: string): string {
  return `${root}Customer`;
}

/** A string key literal's content: quotes doubled (OData ABNF `SQUOTE-in-string`), then percent-encoded. */
function quoteKey(id: string): string {
  return encodeURIComponent(id.replace(/'/g, "''")).replace(/'/g, '%27');
}
