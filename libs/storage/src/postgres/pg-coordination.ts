import { createHash, randomBytes } from 'node:crypto';
import { Client, ClientConfig, PoolClient } from 'pg';
import type { Coordination, ExclusiveResult } from '../coordination/coordination.interface';
import { PgDatabase } from './pg-database';

/**
 * The channel `PgCatalog.apply` notifies with the instance's name. Notifications reach every
 * session of the database, so the channel names the schema: gateways on other schemas of the
 * same database (staging beside production) never hear each other.
 */
export function catalogChannel(schema: string): string {
  return `igw_catalog_${schema}`;
}
/** How often a waiting `exclusive` retries: waiting replicas hold no connection between tries. */
const LOCK_RETRY_MS = 250;
const LISTEN_RETRY_MS = 1000;
const TICK_RETENTION = '7 days';

/** 64-bit advisory-lock key of a lock name (PostgreSQL's keys are numbers). */
function lockKey(name: string): string {
  return createHash('sha256').update(`insights-gateway:${name}`).digest().readBigInt64BE(0).toString();
}

/** What the listener asks of the store's in-memory catalog. */
export interface CatalogReloader {
  /** Re-reads one instance's definition. */
  reload(instance: string): Promise<void>;
  /** Re-reads every definition; returns the instances' names. */
  reloadAll(): Promise<readonly string[]>;
}

/**
 * Coordination through PostgreSQL: session advisory locks (the server drops them with the
 * session, so a replica killed mid-run frees its instance for the others), a tick table for
 * once-only schedule ticks, shared secrets, and LISTEN for catalog changes of other replicas.
 */
export class PgCoordination implements Coordination {
  private readonly listeners = new Set<(instance: string) => void>();
  private listener?: Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly database: PgDatabase,
    private readonly clientConfig: ClientConfig,
    private readonly catalog: CatalogReloader,
  ) {}

  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    for (;;) {
      const attempt = await this.tryExclusive(name, work);
      if (attempt.acquired) return attempt.value;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }

  async tryExclusive<T>(name: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    const key = lockKey(name);
    const client = await this.database.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!rows[0].locked) return { acquired: false };
      try {
        return { acquired: true, value: await work() };
      } finally {
        broken = await unlock(client, key);
      }
    } finally {
      // A client whose unlock failed may still hold the lock: destroy it so the server drops it.
      client.release(broken);
    }
  }

  async claimOnce(key: string, owner: string): Promise<boolean> {
    const { rowCount } = await this.database.query('INSERT INTO schedule_ticks (key, owner) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, owner]);
    if (rowCount === 1) await this.database.query(`DELETE FROM schedule_ticks WHERE claimed_at < now() - interval '${TICK_RETENTION}'`);
    return rowCount === 1;
  }

  async sharedSecret(name: string): Promise<Buffer> {
    await this.database.query('INSERT INTO shared_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      `secret:${name}`,
      randomBytes(32).toString('base64'),
    ]);
    const { rows } = await this.database.query<{ value: string }>('SELECT value FROM shared_settings WHERE name = $1', [`secret:${name}`]);
    return Buffer.from(rows[0].value, 'base64');
  }

  onCatalogChanged(listener: (instance: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts listening; after a lost connection it reconnects and re-reads every definition. */
  async listen(): Promise<void> {
    const client = new Client(this.clientConfig);
    client.on('notification', (message) => {
      if (message.channel === catalogChannel(this.database.schema) && message.payload) void this.changed(message.payload);
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${catalogChannel(this.database.schema)}`);
    this.listener = client;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }

  private async changed(instance: string): Promise<void> {
    if (this.closed) return;
    try {
      await this.catalog.reload(instance);
    } catch {
      return; // the store is unreachable: the next change or reconnect re-reads it
    }
    for (const listener of this.listeners) listener(instance);
  }

  private reconnect(client: Client): void {
    if (this.closed || this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.scheduleRetry();
  }

  /** Notifications sent while disconnected are lost: everything is re-read once listening again. */
  private scheduleRetry(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.listen()
        .then(() => this.resync())
        .catch(() => this.scheduleRetry());
    }, LISTEN_RETRY_MS);
  }

  private async resync(): Promise<void> {
    for (const instance of await this.catalog.reloadAll()) for (const listener of this.listeners) listener(instance);
  }
}

async function unlock(client: PoolClient, key: string): Promise<Error | undefined> {
  try {
    await client.query('SELECT pg_advisory_unlock($1)', [key]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
