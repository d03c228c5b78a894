import type { Connection, NewConnection } from '../connections/connection';
import { CONNECTION_COLUMNS, ConnectionRow, connectionValues, toConnection } from '../connections/connection-row';
import { PgDatabase } from './pg-database';

/** API connections (keys are stored as hashes only). */
export class PgConnections {
  constructor(private readonly database: PgDatabase) {}

  async create(connection: NewConnection): Promise<Connection> {
    const createdAt = new Date().toISOString();
    await this.database.query(
      `INSERT INTO connections (${CONNECTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      connectionValues(connection, createdAt),
    );
    return { ...connection, createdAt };
  }

  async list(): Promise<Connection[]> {
    const { rows } = await this.database.query<ConnectionRow>(`SELECT ${CONNECTION_COLUMNS} FROM connections ORDER BY created_at, id`);
    return rows.map(toConnection);
  }

  async find(id: string): Promise<Connection | undefined> {
    const { rows } = await this.database.query<ConnectionRow>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1`, [id]);
    return rows[0] && toConnection(rows[0]);
  }

  async findByKeyHash(keyHash: string): Promise<Connection | undefined> {
    const { rows } = await this.database.query<ConnectionRow>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE key_hash = $1`, [keyHash]);
    return rows[0] && toConnection(rows[0]);
  }

  /** Revoking deletes the row: a revoked key must match nothing at all. */
  async revoke(id: string): Promise<boolean> {
    return ((await this.database.query('DELETE FROM connections WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async setKeyHash(id: string, keyHash: string): Promise<void> {
    await this.database.query('UPDATE connections SET key_hash = $1 WHERE id = $2', [keyHash, id]);
  }
}
