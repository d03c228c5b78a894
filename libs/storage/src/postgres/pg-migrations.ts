import { PgDatabase } from './pg-database';
import { PG_CATALOG_DDL } from './pg-schema';
import { PG_PROCESS_WEBHOOK_DDL } from './pg-process-schema';
import { PG_COORDINATION_DDL } from './pg-coordination-schema';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** One or more statements, run as one simple query inside the migration's transaction. */
  readonly sql: string;
}

/**
 * The schema's history, in order. Append only: a released migration is never edited or
 * renumbered (a database records which versions it has), a change is a new migration.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'catalog: instances, entity_stats, connections', sql: PG_CATALOG_DDL },
  { version: 2, name: 'processes and webhooks: runs, evaluations, subscriptions, deliveries', sql: PG_PROCESS_WEBHOOK_DDL },
  { version: 3, name: 'coordination: schedule_ticks, shared_settings', sql: PG_COORDINATION_DDL },
];

const MIGRATIONS_DDL = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** First key of the advisory lock held while migrating (the second is the schema's hash). */
const MIGRATION_LOCK = 0x1c46;

/**
 * Applies the pending migrations, each in its own transaction that first takes the schema's
 * migration lock (`pg_advisory_xact_lock`) and then re-reads what is applied: replicas
 * starting together queue on the lock, and the later ones find the work done. A failing
 * migration rolls back alone; the ones before it stay applied. Versions newer than this
 * release knows are left alone, so an older replica still starts during a rolling upgrade.
 * Returns the versions this call applied.
 */
export async function migrate(database: PgDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const ran = await database.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK]);
      await client.query(MIGRATIONS_DDL);
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if ((done.rowCount ?? 0) > 0) return false;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
