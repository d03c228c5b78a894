import type { StorageDriver } from '@app/storage';
import type { GatewayConfig } from '../config/gateway-config';

/**
 * The secret signing `$skiptoken`s and status-page links: `SKIPTOKEN_SECRET`, or one the
 * store generates once and keeps (a file in DATA_DIR on the embedded store, a row on
 * PostgreSQL), so links stay valid across restarts and a link one replica issued verifies on
 * every other.
 */
export async function signingSecret(config: Pick<GatewayConfig, 'SKIPTOKEN_SECRET'>, storage: StorageDriver): Promise<Buffer> {
  if (config.SKIPTOKEN_SECRET !== undefined) return Buffer.from(config.SKIPTOKEN_SECRET, 'utf8');
  return storage.coordination.sharedSecret('skiptoken');
}
