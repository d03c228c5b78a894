import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/support/gateway-process';
import { startChildServer } from './child-server';

const HOST = '127.0.0.1';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGKILL when `abruptly`: an outage, not a shutdown). */
  stop(abruptly?: boolean): Promise<void>;
}

/** A private `redis-server` on a free loopback port, keeping nothing on disk. */
export async function startRedis(port?: number): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'igw-redis-'));
  const args = ['--port', String(chosen), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'];
  const server = await startChildServer({
    name: 'redis-server',
    command: 'redis-server',
    args,
    host: HOST,
    port: chosen,
    stopSignal: 'SIGTERM',
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
  return { url: `redis://${HOST}:${chosen}`, port: chosen, stop: (abruptly = false) => server.stop(abruptly ? 'SIGKILL' : 'SIGTERM') };
}
