import { hashKey, StorageDriver } from '@app/storage';

/** The connection `ADMIN_API_KEY` pins: the way in when the demo is off. */
export const ADMIN_ID = 'admin';

/** Creates an admin connection (all datasets) with `key`, or re-keys it when it exists. */
export async function pinAdminConnection(storage: StorageDriver, id: string, displayName: string, key: string): Promise<void> {
  if (await storage.findConnection(id)) {
    await storage.setConnectionKeyHash(id, hashKey(key));
  } else {
    await storage.createConnection({ id, displayName, keyHash: hashKey(key), role: 'admin', datasets: ['*'] });
  }
}
