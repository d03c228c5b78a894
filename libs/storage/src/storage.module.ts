import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { StorageDriver } from './storage-driver.interface';
import { SqliteStorageDriver } from './sqlite/sqlite-storage.driver';
import { STORAGE_OPTIONS } from './storage.constants';

export interface StorageOptions {
  readonly dialect: 'sqlite';
  /** Folder of the embedded store (`DATA_DIR`), or `:memory:`. */
  readonly dataDir: string;
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
          useFactory: (storage: StorageOptions): StorageDriver => new SqliteStorageDriver({ dataDir: storage.dataDir }),
          inject: [STORAGE_OPTIONS],
        },
        StorageShutdown,
      ],
      exports: [StorageDriver],
    };
  }
}
