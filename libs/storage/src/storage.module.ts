import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { StorageDriver } from './storage-driver.interface';
import { SqliteStorageDriver } from './sqlite/sqlite-storage.driver';
import { PostgresStorageDriver } from './postgres/postgres-storage.driver';
import { STORAGE_OPTIONS } from './storage.constants';

export type StorageOptions =
  | {
      readonly dialect: 'sqlite';
      /** Folder of the embedded store (`DATA_DIR`), or `:memory:`. */
      readonly dataDir: string;
    }
  | {
      readonly dialect: 'postgres';
      readonly connectionString: string;
      readonly schema: string;
      readonly poolMax: number;
    };

/** The store settings every process reads (`StoreConfig` of @app/config). */
export interface StoreSettings {
  readonly dataDir: string;
  readonly DATABASE_URL?: string;
  readonly DATABASE_SCHEMA: string;
  readonly DATABASE_POOL_MAX: number;
}

/** PostgreSQL when `DATABASE_URL` is set, the embedded store in `DATA_DIR` otherwise. */
export function storageOptionsOf(settings: StoreSettings): StorageOptions {
  return settings.DATABASE_URL
    ? { dialect: 'postgres', connectionString: settings.DATABASE_URL, schema: settings.DATABASE_SCHEMA, poolMax: settings.DATABASE_POOL_MAX }
    : { dialect: 'sqlite', dataDir: settings.dataDir };
}

/** Opens the store the options name (PostgreSQL: connects and applies pending migrations first). */
export async function openStorage(options: StorageOptions): Promise<StorageDriver> {
  if (options.dialect === 'sqlite') return new SqliteStorageDriver({ dataDir: options.dataDir });
  return PostgresStorageDriver.open({ connectionString: options.connectionString, schema: options.schema, poolMax: options.poolMax });
}

export interface StorageModuleAsyncOptions {
  readonly imports?: DynamicModule['imports'];
  readonly inject?: (string | symbol)[];
  readonly useFactory: (...args: never[]) => StorageOptions | Promise<StorageOptions>;
}

@Injectable()
class StorageShutdown implements OnApplicationShutdown {
  constructor(@Inject(StorageDriver) private readonly driver: StorageDriver) {}
  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}

/** Provides the {@link StorageDriver} chosen by configuration, and closes it on shutdown. */
@Module({})
export class StorageModule {
  static forRootAsync(options: StorageModuleAsyncOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: options.imports ?? [],
      providers: [
        { provide: STORAGE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: StorageDriver,
          useFactory: openStorage,
          inject: [STORAGE_OPTIONS],
        },
        StorageShutdown,
      ],
      exports: [StorageDriver],
    };
  }
}
