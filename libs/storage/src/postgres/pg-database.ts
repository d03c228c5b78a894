import { Pool, PoolClient, QueryResultRow, types } from 'pg';

/** What a query runs on: the pool (autocommit) or a client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (`DATABASE_URL`). */
  readonly connectionString: string;
  /** Schema holding the gateway's tables (`DATABASE_SCHEMA`); created when missing. Default `public`. */
  readonly schema?: string;
  /** Connections per replica (`DATABASE_POOL_MAX`); default 10. */
  readonly poolMax?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Type parsers of this pool only: Int64 and numeric arrive as text and are converted per attribute. */
const TEXT_TYPES = new Set<number>([types.builtins.INT8, types.builtins.NUMERIC]);

/**
 * The pool of one gateway replica. Every connection starts with the configured
 * `search_path`, so no statement names a schema; a statement that runs longer than
 * `statement_timeout` is canceled rather than holding a connection forever.
 */
export class PgDatabase {
  readonly pool: Pool;
  readonly schema: string;

  constructor(options: PostgresOptions) {
    this.schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`DATABASE_SCHEMA '${this.schema}' is not a plain lower-case identifier`);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'insights-gateway',
      options: `-c search_path=${this.schema} -c statement_timeout=600000`,
      types: { getTypeParser: (oid, format) => (TEXT_TYPES.has(oid) ? (value: string) => value : types.getTypeParser(oid, format)) },
    });
    // A client losing its server (restart, failover, a terminated session) must not crash the
    // process: idle ones are dropped by the pool; a checked-out one fails its next query instead.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async ensureSchema(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
  }

  query<R extends QueryResultRow = QueryResultRow>(text: string, params: readonly unknown[] = []): Promise<{ rows: R[]; rowCount: number | null }> {
    return this.pool.query<R>(text, params as unknown[]);
  }

  /** Runs `work` in one transaction on one client; rolled back when it throws. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>, isolation: 'READ COMMITTED' | 'SERIALIZABLE' = 'READ COMMITTED'): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A client whose ROLLBACK fails is in an unknown state: it leaves the pool.
      broken = await client.query('ROLLBACK').then(
        () => undefined,
        (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** A client of its own for as long as `work` runs (session-level locks, LISTEN). */
  async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** SQLSTATE of a unique or primary-key violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
