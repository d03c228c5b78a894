import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/support/gateway-process';
import { startChildServer } from './child-server';

const HOST = '127.0.0.1';
const STOP_TIMEOUT_MS = 10_000;

export interface PostgresServer {
  /** `postgres://…/postgres` of the server; tests make their own schemas or databases in it. */
  readonly url: string;
  stop(): Promise<void>;
  /** An outage: stops the server, keeping its data; the function returned starts it again on the same port. */
  interrupt(): Promise<() => Promise<void>>;
}

/** The newest installed server's binaries (Debian keeps them out of PATH). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  return join(root, newest, 'bin');
}

/**
 * The user the server runs as: PostgreSQL refuses to run as root, and CI runs as root,
 * so there it runs as the `postgres` account the Debian package creates.
 */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * A private PostgreSQL: `initdb` into a temp dir, `postgres` on a free loopback port with
 * trust auth and no fsync (a test server's data is thrown away; fsync is what a crash test
 * of the gateway would need, and no such test kills PostgreSQL itself).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'igw-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const ids = user ?? {};
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], { ...ids, stdio: 'pipe' });
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-h', HOST, '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'];
  const launch = () =>
    startChildServer({
      name: 'PostgreSQL',
      command: join(bin, 'postgres'),
      args,
      options: ids,
      host: HOST,
      port,
      stopSignal: 'SIGINT', // fast shutdown: disconnects clients, no waiting for them
      killAfterMs: STOP_TIMEOUT_MS,
      cleanup: () => undefined,
    });
  let server = await launch().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `postgres://postgres@${HOST}:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async interrupt() {
      await server.stop();
      return async () => {
        server = await launch();
      };
    },
  };
}
