import type { Connection, NewConnection, Role } from '../connections/connection';
import { SqliteDatabase } from './sqlite-database';

interface ConnectionRow {
  id: string;
  displayName: string;
  keyHash: string;
  role: Role;
  datasets: string;
  throttleLimit: number | null;
  createdAt: string;
}

const COLUMNS =
  'id, display_name AS displayName, key_hash AS keyHash, role, datasets, throttle_limit AS throttleLimit, created_at AS createdAt';

export class SqliteConnections {
  constructor(private readonly database: SqliteDatabase) {}

  create(connection: NewConnection): Connection {
    const createdAt = new Date().toISOString();
    this.database
      .statement(
        'INSERT INTO connections (id, display_name, key_hash, role, datasets, throttle_limit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        connection.id,
        connection.displayName,
        connection.keyHash,
        connection.role,
        JSON.stringify(connection.datasets),
        connection.throttleLimit ?? null,
        createdAt,
      );
    return { ...connection, createdAt };
  }

  list(): Connection[] {
    return (this.database.statement(`SELECT ${COLUMNS} FROM connections ORDER BY created_at, id`).all() as ConnectionRow[]).map(toConnection);
  }

  find(id: string): Connection | undefined {
    const row = this.database.statement(`SELECT ${COLUMNS} FROM connections WHERE id = ?`).get(id) as ConnectionRow | undefined;
    return row && toConnection(row);
  }

  findByKeyHash(keyHash: string): Connection | undefined {
    const row = this.database.statement(`SELECT ${COLUMNS} FROM connections WHERE key_hash = ?`).get(keyHash) as ConnectionRow | undefined;
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

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    displayName: row.displayName,
    keyHash: row.keyHash,
    role: row.role,
    datasets: JSON.parse(row.datasets) as string[],
    ...(row.throttleLimit !== null ? { throttleLimit: row.throttleLimit } : {}),
    createdAt: row.createdAt,
  };
}
