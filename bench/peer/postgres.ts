/**
 * The PostgreSQL of the gateway's PostgreSQL target: the server at DATABASE_URL when it is set,
 * else a private one started from the installed binaries (test/support/postgres.ts: initdb into a
 * temp dir, loopback port, fsync off — a throw-away server, as in the tests). Either way the gateway's
 * tables go to the schema `bench_peer`, dropped first so that every run loads the demo afresh.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { startPostgres } from '../../test/support/postgres';
import { readCpuSeconds, round1, ticksPerSecond } from '../lib/proc';

export const PEER_SCHEMA = 'bench_peer';

export interface PeerPostgres {
  /** DATABASE_URL for the gateway. */
  readonly url: string;
  /** Where it came from, for the printout (no credentials). */
  readonly description: string;
  /** Proportional set size of the server's processes, MiB; undefined for a server this run did not start. */
  memoryMb(): number | undefined;
  /** CPU seconds the server's processes have used so far (exited backends' time is lost); undefined as above. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

export async function preparePostgres(): Promise<PeerPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await resetSchema(external);
    const { host, port, pathname } = new URL(external);
    return { url: external, description: `DATABASE_URL ${host}:${port}${pathname}, schema ${PEER_SCHEMA}`, memoryMb: () => undefined, cpuSeconds: () => undefined, stop: async () => undefined };
  }
  const server = await startPostgres();
  // Ctrl-C or a fatal error ends the benchmark without the awaited stop(): the server must not outlive it
  // (SIGINT = fast shutdown, which the postmaster completes on its own).
  const orphanGuard = () => signalPostmaster('SIGINT');
  process.once('exit', orphanGuard);
  try {
    await resetSchema(server.url);
    const version = await serverVersion(server.url);
    return {
      url: server.url,
      description: `private PostgreSQL ${version} (test/support/postgres.ts, fsync off), schema ${PEER_SCHEMA}`,
      memoryMb: () => postgresChildrenPssMb(),
      cpuSeconds: () => postgresCpuSeconds(),
      stop: async () => {
        process.removeListener('exit', orphanGuard);
        await server.stop();
      },
    };
  } catch (error) {
    process.removeListener('exit', orphanGuard);
    await server.stop();
    throw error;
  }
}

async function resetSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${PEER_SCHEMA} CASCADE`);
  } finally {
    await client.end();
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? '?';
  } finally {
    await client.end();
  }
}

/** The `postgres` processes descended from this one, and which of them is the postmaster (a direct child). */
function postgresDescendants(): { pid: number; postmaster: boolean }[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...names].filter(([pid, name]) => name === 'postgres' && descends(pid)).map(([pid]) => ({ pid, postmaster: parents.get(pid) === process.pid }));
}

function signalPostmaster(signal: NodeJS.Signals): void {
  for (const p of postgresDescendants()) {
    if (!p.postmaster) continue;
    try {
      process.kill(p.pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * CPU seconds of the server: every live `postgres` process's own time, plus the time of the children
 * the postmaster has reaped (cutime + cstime): the parallel workers a query starts and exits, which
 * a sum over the live processes would miss.
 */
function postgresCpuSeconds(): number {
  let seconds = 0;
  for (const p of postgresDescendants()) {
    seconds += readCpuSeconds(p.pid) || 0;
    if (p.postmaster) seconds += reapedChildrenCpuSeconds(p.pid);
  }
  return seconds;
}

function reapedChildrenCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name: state is index 0, so cutime (field 16) is 13 and cstime (17) is 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond();
  } catch {
    return 0;
  }
}

/**
 * PSS of the `postgres` processes descended from this one (the postmaster startPostgres spawned and
 * its backends). PSS, not RSS: the backends share the buffer pool, which RSS would count once per process.
 */
function postgresChildrenPssMb(): number | undefined {
  let kb = 0;
  let found = 0;
  for (const { pid } of postgresDescendants()) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) {
        kb += Number(match[1]);
        found++;
      }
    } catch {
      // exited meanwhile
    }
  }
  return found > 0 ? round1(kb / 1024) : undefined;
}
