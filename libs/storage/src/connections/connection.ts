import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A client credential (§2). The key itself is never stored: only its hash. */
export interface Connection {
  readonly id: string;
  readonly displayName: string;
  readonly keyHash: string;
  readonly role: Role;
  /** Dataset names, or `['*']` for all. */
  readonly datasets: readonly string[];
  /** Calls per throttle window; undefined = the gateway default. */
  readonly throttleLimit?: number;
  readonly createdAt: string;
}

export type NewConnection = Omit<Connection, 'createdAt'>;

/**
 * Keys are 256-bit random strings, so a fast hash is enough to make a stolen
 * database useless without making every request pay for a slow KDF.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): string {
  return `igw_${randomBytes(32).toString('base64url')}`;
}

export function generateConnectionId(): string {
  return `conn_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** Constant-time comparison of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function grantsDataset(connection: Connection, dataset: string): boolean {
  return connection.role === 'admin' || connection.datasets.includes('*') || connection.datasets.includes(dataset);
}
