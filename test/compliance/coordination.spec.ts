import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstanceManifest, StorageDriver } from '@app/storage';
import { Client } from 'pg';
import { OpenedStore, storeFactories } from '../support/store-factories';
import { testDatabaseUrl } from '../support/pg-test-schema';

const manifest = (displayName: string): InstanceManifest => ({
  name: 'shop',
  displayName,
  searchIndex: [],
  entities: [{ name: 'Customer', kind: 'profile', key: 'CustomerId', attributes: [{ name: 'CustomerId', type: 'String' }] }],
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What replicas sharing one store agree on (§9), asserted the same way on every backend. Two
 * drivers on one store stand for two processes; on SQLite that is one process's view, since
 * the embedded store serves one gateway.
 */
describe.each(storeFactories)('Coordination ($name)', (factory) => {
  let dir: string;
  let opened: OpenedStore;
  let sut: StorageDriver;
  let other: StorageDriver;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'igw-coord-'));
    opened = await factory.open(dir);
    sut = opened.driver;
    other = await opened.openAnother!();
  });
  afterEach(async () => {
    await other.close();
    await opened.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each once-only key to exactly one of many concurrent claimants', async () => {
    const keys = ['schedule:shop:0:1', 'schedule:shop:0:2', 'schedule:shop:1:2'];
    const claims = await Promise.all(keys.flatMap((key) => [sut, other, sut, other].map((d, i) => d.coordination.claimOnce(key, `replica-${i}`))));
    for (let k = 0; k < keys.length; k++) expect(claims.slice(k * 4, k * 4 + 4).filter(Boolean)).toHaveLength(1);
    expect(await other.coordination.claimOnce(keys[0], 'late')).toBe(false);
  });

  it('runs exclusive work of one name one holder at a time, other names alongside', async () => {
    const log: string[] = [];
    const work = (who: string, ms: number) => async () => {
      log.push(`${who} in`);
      await sleep(ms);
      log.push(`${who} out`);
      return who;
    };
    const results = await Promise.all([
      sut.coordination.exclusive('run:shop', work('a', 150)),
      other.coordination.exclusive('run:shop', work('b', 10)),
      other.coordination.exclusive('run:other', work('c', 10)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    const [aIn, aOut, bIn, bOut] = ['a in', 'a out', 'b in', 'b out'].map((e) => log.indexOf(e));
    expect(aOut < bIn || bOut < aIn).toBe(true);
    expect(log.indexOf('c out')).toBeLessThan(Math.max(aOut, bOut));
  });

  it('tells a try that the lock is taken, and frees it when the holder is done or fails', async () => {
    let release!: () => void;
    const held = sut.coordination.exclusive('run:shop', () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(50);
    expect(await other.coordination.tryExclusive('run:shop', async () => 'no')).toEqual({ acquired: false });
    release();
    await held;
    expect(await other.coordination.tryExclusive('run:shop', async () => 'yes')).toEqual({ acquired: true, value: 'yes' });
    await expect(sut.coordination.exclusive('run:shop', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await other.coordination.tryExclusive('run:shop', async () => 'again')).toEqual({ acquired: true, value: 'again' });
  });

  it('hands every opener the same generated secret, and keeps it across reopening', async () => {
    const [mine, theirs] = await Promise.all([sut.coordination.sharedSecret('skiptoken'), other.coordination.sharedSecret('skiptoken')]);
    expect(mine).toHaveLength(32);
    expect(theirs.equals(mine)).toBe(true);
    expect((await sut.coordination.sharedSecret('other')).equals(mine)).toBe(false);
    const reopened = await opened.openAnother!();
    try {
      expect((await reopened.coordination.sharedSecret('skiptoken')).equals(mine)).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  if (factory.name === 'postgres') {
    it("frees the lock of a holder whose session dies, as a killed replica's", async () => {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      const holding = other.coordination.exclusive('run:shop', async () => {
        entered();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await inside;
      expect(await sut.coordination.tryExclusive('run:shop', async () => 'no')).toEqual({ acquired: false });
      // What the server sees when a replica is killed: its session ends, and its locks with it.
      const killed = await terminateLockHolders();
      expect(killed).toBeGreaterThan(0);
      expect(await sut.coordination.exclusive('run:shop', async () => 'taken over')).toBe('taken over');
      release();
      await holding;
    });

    it("tells a replica of a definition another replica changed, with its catalog already re-read", async () => {
      await sut.applyManifest(manifest('Shop'));
      await sleep(100);
      const heard: string[] = [];
      other.coordination.onCatalogChanged((instance) => heard.push(instance));
      await sut.applyManifest(manifest('Shop renamed'));
      for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(50);
      expect(heard).toContain('shop');
      expect((await other.getInstance('shop'))?.displayName).toBe('Shop renamed');
    });

    it('finds an instance another replica created before the news of it arrives', async () => {
      const created = { ...manifest('Fresh'), name: 'fresh' };
      await sut.applyManifest(created);
      expect((await other.getInstance('fresh'))?.displayName).toBe('Fresh');
    });
  }
});

/**
 * Terminates the sessions idling on a gateway lock they took (the holder above); other suites'
 * sessions in the same server are busy elsewhere, or hold transaction-scoped locks only.
 */
async function terminateLockHolders(): Promise<number> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT pg_terminate_backend(l.pid) AS done FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND a.state = 'idle' AND a.query LIKE 'SELECT pg_try_advisory_lock(%' AND l.pid <> pg_backend_pid()`,
    );
    return rows.filter((r: { done: boolean }) => r.done).length;
  } finally {
    await client.end();
  }
}
