import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

type Statement = Database.Statement<unknown[], unknown>;

/**
 * One SQLite file opened for the gateway: WAL so readers never wait for the writer,
 * a bounded page cache and no mmap (resident memory must not grow with the data),
 * `synchronous = FULL` so a create answered 201 survives a crash or power loss,
 * and a statement cache so hot queries are prepared once.
 */
export class SqliteDatabase {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Statement>();

  constructor(
    file: string,
    private readonly cacheSize = 500,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('analysis_limit = 1000');
  }

  /** Prepared statement for `sql`, cached by its text (least recently used evicted). */
  statement(sql: string): Statement {
    const cached = this.statements.get(sql);
    if (cached) {
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const prepared = this.db.prepare(sql);
    this.statements.set(sql, prepared);
    if (this.statements.size > this.cacheSize) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) this.statements.delete(oldest);
    }
    return prepared;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}
