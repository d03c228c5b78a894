import { Inject, Injectable } from '@nestjs/common';
import { Connection, hashesEqual, hashKey, StorageDriver } from '@app/storage';
import type { PresentedCredential } from './credentials';

const CACHE_TTL_MS = 5_000;

/**
 * Checks presented keys against the stored hashes. A short cache keeps the store off
 * the hot path; revocations in this process evict at once.
 */
@Injectable()
export class ConnectionAuthenticator {
  private readonly cache = new Map<string, { connection: Connection | undefined; expires: number }>();

  constructor(@Inject(StorageDriver) private readonly storage: StorageDriver) {}

  async authenticate(credential: Exclude<PresentedCredential, { kind: 'malformed' }>): Promise<Connection | undefined> {
    const keyHash = hashKey(credential.key);
    const cacheKey = credential.kind === 'basic' ? `${credential.connectionId}\n${keyHash}` : keyHash;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.connection;
    const found =
      credential.kind === 'basic' ? await this.storage.findConnection(credential.connectionId) : await this.storage.findConnectionByKeyHash(keyHash);
    const connection = found && hashesEqual(found.keyHash, keyHash) ? found : undefined;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { connection, expires: Date.now() + CACHE_TTL_MS });
    return connection;
  }

  forget(connectionId: string): void {
    for (const [key, entry] of this.cache) {
      if (entry.connection?.id === connectionId) this.cache.delete(key);
    }
  }

  forgetAll(): void {
    this.cache.clear();
  }
}
