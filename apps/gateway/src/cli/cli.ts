import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ConfigValidationError, loadConfig } from '../config/gateway-config';
import { GatewayModule } from '../gateway.module';
import { runImport } from './import-command';
import { loadInstanceManifests } from '../bootstrap/manifest-loader';
import { StorageDriver } from '@app/storage';
import { UsageError } from './cli-errors';

const USAGE = `Usage: insights-gateway import <cdm-folder | file.csv> --dataset <name> [--name <data source>] [--entity <entity>]

  Copies the folder (model.json or *.manifest.cdm.json with CSV partitions) or CSV file into the
  instance's lake folder, declares it as a data source and imports it into the store. Reads the
  same environment as the gateway (DATA_DIR, AZURE_STORAGE_CONNECTION_STRING, …).
`;

/** Exit codes: 0 done, 1 the import failed, 2 the command was called wrongly. */
async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { dataset: { type: 'string' }, name: { type: 'string' }, entity: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, source, ...rest] = positionals;
  if (command !== 'import' || !source || rest.length > 0 || !values.dataset) throw new UsageError(USAGE.trim());
  const config = loadConfig({ ...process.env, DEMO: process.env.DEMO ?? 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await NestFactory.createApplicationContext(GatewayModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    await loadInstanceManifests(app.get<StorageDriver>(StorageDriver), config.instancesDir);
    const result = await runImport(app, { source, dataset: values.dataset, name: values.name, entity: values.entity }, (line) => process.stderr.write(`${line}\n`));
    for (const e of result.entities) process.stdout.write(`${e.entity}: ${e.rows} rows from ${e.partitions} partition(s)${e.ignoredColumns.length ? `, ignored columns ${e.ignoredColumns.join(', ')}` : ''}\n`);
    process.stdout.write(`done in ${result.durationMs} ms (ingest ${result.ingestMs} ms, partitions ${result.exportMs} ms)\n`);
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const usage = error instanceof UsageError || error instanceof ConfigValidationError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`${usage ? '' : 'import failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(usage ? 2 : 1);
  },
);
