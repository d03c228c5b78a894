import type { Connection, NewConnection } from '../connections/connection';
import { CONNECTION_COLUMNS, ConnectionRow, connectionValues, toConnection } from '../connections/connection-row';
import { SqliteDatabase } from './sqlite-database';

/** API connections (keys are stored as hashes only). */
export class SqliteConnections {
  constructor(private readonly database: SqliteDatabase) {}

  create(connection: NewConnection): Connection {
    const createdAt = new Date().toISOString();
    this.database.statement(`INSERT INTO connections (${CONNECTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(...connectionValues(connection, createdAt));
    return { ...connection, createdAt };
  }

  list(): Connection[] {
    return (this.database.statement(`SELECT ${CONNECTION_COLUMNS} FROM connections ORDER BY created_at, id`).all() as ConnectionRow[]).map(toConnection);
  }

  find(id: string): Connection | undefined {
    const row = this.database.statement(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = ?`).get(id) as ConnectionRow | undefined;
    return row && toConnection(row);
  }

  findByKeyHash(keyHash: string): Connection | undefined {
    const row = this.database.statement(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE key_hash = ?`).get(keyHash) as ConnectionRow | undefined;
    return row && toConnection(row);
  }

  /** Revoking deletes the row: a revoked key must match nothing at all. */
  revoke(id: string): boolean {
    return this.database.statement('DELETE FROM connections WHERE id = ?').run(id).changes > 0;
  }

  setKeyHash(id: string, keyHash: string): void {
    this.database.statement('UPDATE connections SET key_hash = ? WHERE id = ?').run(keyHash, id);
  }
}
