import { PostgresStorageDriver, SqliteStorageDriver, StorageDriver } from '@app/storage';
import { createTestSchema } from './pg-test-schema';

/** A store under test and how to throw it away (close it, then remove its files or schema). */
export interface OpenedStore {
  readonly driver: StorageDriver;
  /** Closes `driver` (again, if the test closed it already) and deletes the store. */
  dispose(): Promise<void>;
  /**
   * A second driver on the same store, as another process (replica, worker, restart) opens
   * it; the caller closes it. `dispose` deletes the store under it all the same.
   */
  openAnother?(): Promise<StorageDriver>;
}

/**
 * One entry per driver; every compliance suite runs `describe.each(storeFactories)`, so a new
 * driver joins all of them here (cds-dbs runs one compliance suite against every dialect).
 * `dir` is a fresh temporary directory the suite owns and removes.
 */
export interface StoreFactory {
  readonly name: 'sqlite' | 'postgres';
  open(dir: string): Promise<OpenedStore>;
}

const sqlite: StoreFactory = {
  name: 'sqlite',
  async open(dir) {
    const driver = new SqliteStorageDriver({ dataDir: dir });
    return { driver, dispose: () => driver.close(), openAnother: async () => new SqliteStorageDriver({ dataDir: dir }) };
  },
};

/** A fresh schema per store on the suite's PostgreSQL (see test/support/global-setup.ts); dropped on dispose. */
const postgres: StoreFactory = {
  name: 'postgres',
  async open() {
    const schema = await createTestSchema();
    const options = { connectionString: schema.connectionString, schema: schema.schema };
    const driver = await PostgresStorageDriver.open(options).catch(async (error: unknown) => {
      await schema.drop();
      throw error;
    });
    return {
      driver,
      dispose: async () => {
        await driver.close();
        await schema.drop();
      },
      openAnother: () => PostgresStorageDriver.open(options),
    };
  },
};

export const storeFactories: readonly StoreFactory[] = [sqlite, postgres];
