import type { Connection, NewConnection, Role } from './connection';

/** A connection as a `connections` row, and back: one mapping for both drivers. */

export interface ConnectionRow {
  readonly id: string;
  readonly display_name: string;
  readonly key_hash: string;
  readonly role: Role;
  /** JSON array of dataset names. */
  readonly datasets: string;
  readonly throttle_limit: number | null;
  readonly created_at: string;
}

/** The columns of a {@link ConnectionRow}, from `connections`, in the order of {@link connectionValues}. */
export const CONNECTION_COLUMNS = 'id, display_name, key_hash, role, datasets, throttle_limit, created_at';

/** A new connection as the values of its row. */
export function connectionValues(connection: NewConnection, createdAt: string): unknown[] {
  return [connection.id, connection.displayName, connection.keyHash, connection.role, JSON.stringify(connection.datasets), connection.throttleLimit ?? null, createdAt];
}

export function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    displayName: row.display_name,
    keyHash: row.key_hash,
    role: row.role,
    datasets: JSON.parse(row.datasets) as string[],
    ...(row.throttle_limit !== null ? { throttleLimit: row.throttle_limit } : {}),
    createdAt: row.created_at,
  };
}
