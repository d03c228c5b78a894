import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Coordination, ExclusiveResult } from '../coordination/coordination.interface';
import { KeyedQueue } from '../coordination/keyed-queue';
import { SqliteDatabase } from './sqlite-database';

export const SQLITE_COORDINATION_DDL = `
CREATE TABLE IF NOT EXISTS schedule_ticks (
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  claimed_at TEXT NOT NULL
);
`;

/** Every driver a process opens on one file shares its locks (a CLI command beside the gateway, tests). */
const locksByStore = new Map<string, KeyedQueue>();

function locksOf(dataDir: string | undefined): KeyedQueue {
  if (dataDir === undefined) return new KeyedQueue();
  const key = resolve(dataDir);
  let locks = locksByStore.get(key);
  if (!locks) locksByStore.set(key, (locks = new KeyedQueue()));
  return locks;
}

/**
 * Coordination of the embedded store: one process serves it, so locks are in memory and no
 * other replica ever changes the catalog. Secrets are files in DATA_DIR (mode 0600), where
 * the gateway has always kept its `$skiptoken` secret, so existing links stay valid.
 */
export class SqliteCoordination implements Coordination {
  private readonly locks: KeyedQueue;
  private readonly memorySecrets = new Map<string, Buffer>();

  constructor(
    private readonly database: SqliteDatabase,
    /** Undefined for an in-memory store: secrets then live as long as the process. */
    private readonly dataDir: string | undefined,
  ) {
    this.locks = locksOf(dataDir);
  }

  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(name, work);
  }

  async tryExclusive<T>(name: string, work: () => Promise<T>): Promise<ExclusiveResult<T>> {
    if (this.locks.isBusy(name)) return { acquired: false };
    return { acquired: true, value: await this.locks.run(name, work) };
  }

  async claimOnce(key: string, owner: string): Promise<boolean> {
    const result = this.database
      .statement('INSERT INTO schedule_ticks (key, owner, claimed_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
      .run(key, owner, new Date().toISOString());
    return result.changes === 1;
  }

  async sharedSecret(name: string): Promise<Buffer> {
    if (this.dataDir === undefined) {
      const secret = this.memorySecrets.get(name) ?? randomBytes(32);
      this.memorySecrets.set(name, secret);
      return secret;
    }
    const file = join(this.dataDir, `${name}.secret`);
    if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    mkdirSync(this.dataDir, { recursive: true });
    const secret = randomBytes(32);
    writeFileSync(file, secret.toString('base64'), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  }

  onCatalogChanged(): () => void {
    return () => undefined;
  }
}
