import { DEMO_INSTANCE_NAME } from '@app/demo';
import { Lake } from '@app/lake';
import { StorageDriver } from '@app/storage';
import { DEMO_ADMIN_ID, ensureDemoDataSources, ensureDemoInstance } from '../bootstrap/demo-instance';
import { rewriteStalePartitions } from '../bootstrap/stale-partitions';
import { PartitionExportService } from '../partitions/partition-export.service';
import { loadCliConfig, withContext } from './cli-context';
import { ExitCode } from './cli-errors';
import { CliModule } from './cli.module';
import { ProgressBar, progressReporter } from './progress-reporter';

export interface DemoOptions {
  readonly customers?: number;
  readonly seed?: number;
}

/**
 * `demo generate`: the gateway's own first-start steps (demo-instance.ts), under the same store
 * locks, so a gateway replica starting meanwhile waits instead of generating it too. When the
 * demo exists, every generated entity is loaded again; then the lake side: the PosSystem data
 * source folder and the partitions of every entity whose rows changed.
 */
export async function generateDemo(options: DemoOptions): Promise<ExitCode> {
  const config = loadCliConfig(process.env, {
    ...(options.customers !== undefined ? { DEMO_CUSTOMERS: String(options.customers) } : {}),
    ...(options.seed !== undefined ? { DEMO_SEED: String(options.seed) } : {}),
  });
  const progress = progressReporter();
  const bars = new Map<string, ProgressBar>();
  const onRows = (entity: string, rows: number, total: number) => {
    let bar = bars.get(entity);
    if (!bar) bars.set(entity, (bar = progress.bar(entity, total, 'rows')));
    bar.update(rows);
  };
  let outcome: { existed: boolean; loaded: readonly { entity: string; rows: number }[]; key?: string };
  try {
    outcome = await withContext(config, CliModule.forRoot(config), async (app) => {
      const storage = app.get<StorageDriver>(StorageDriver);
      const existed = (await storage.getInstance(DEMO_INSTANCE_NAME)) !== undefined;
      progress.note(`${existed ? 'generating the demo anew' : 'creating the demo'}: ${config.DEMO_CUSTOMERS} customers, seed ${config.DEMO_SEED}`);
      const demo = await storage.coordination.exclusive('startup:store', () => ensureDemoInstance(storage, config, { regenerate: existed, onRows }));
      progress.note('writing the lake: the PosSystem data source and the partitions');
      await storage.coordination.exclusive('startup:lake', async () => {
        await ensureDemoDataSources(storage, app.get<Lake>(Lake), config, { rewrite: existed });
        await rewriteStalePartitions(storage, app.get(PartitionExportService));
      });
      return { existed, loaded: demo.loaded, ...(demo.key ? { key: demo.key } : {}) };
    });
  } finally {
    progress.stop();
  }
  const store = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : config.dataDir;
  const lines = [
    `demo ${outcome.existed ? 'generated anew' : 'created'}: ${config.DEMO_CUSTOMERS} customers (seed ${config.DEMO_SEED}), store ${store}`,
    ...outcome.loaded.map((e) => `  ${e.entity}: ${e.rows} rows`),
    outcome.key
      ? `Demo admin key (shown once, keep it): ${outcome.key}\n  Basic auth user: ${DEMO_ADMIN_ID}`
      : `Demo admin: connection ${DEMO_ADMIN_ID}, whose key was shown when it was created (DEMO_API_KEY pins one)`,
    'Segments and measures are evaluated by runs: insights-gateway run fullRefresh --dataset demo --wait',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return ExitCode.Ok;
}
