import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { joinLakePath, Lake } from '@app/lake';
import { DataSourceDefinition, StorageDriver } from '@app/storage';
import { loadInstanceManifests } from '../bootstrap/manifest-loader';
import { ImportProgress, ImportResult, ImportService } from '../datasources/import.service';
import { loadCliConfig, withContext } from './cli-context';
import { ExitCode, UsageError } from './cli-errors';
import { CliModule } from './cli.module';
import { ProgressBar, progressReporter, ProgressReporter } from './progress-reporter';

export interface ImportOptions {
  readonly source: string;
  readonly dataset: string;
  readonly name?: string;
  readonly entity?: string;
}

/** `insights-gateway import`: imports, then prints what each entity received on stdout. */
export async function importSource(options: ImportOptions): Promise<ExitCode> {
  const config = loadCliConfig(process.env);
  const progress = progressReporter();
  let result: ImportResult;
  try {
    result = await withContext(config, CliModule.forRoot(config), async (app) => {
      await loadInstanceManifests(app.get<StorageDriver>(StorageDriver), config.instancesDir);
      return runImport(app, options, progress);
    });
  } finally {
    progress.stop();
  }
  for (const e of result.entities) process.stdout.write(`${e.entity}: ${e.rows} rows from ${e.partitions} partition(s)${e.ignoredColumns.length ? `, ignored columns ${e.ignoredColumns.join(', ')}` : ''}\n`);
  process.stdout.write(`done in ${result.durationMs} ms (ingest ${result.ingestMs} ms, partitions ${result.exportMs} ms)\n`);
  return ExitCode.Ok;
}

/**
 * Copies a local CDM folder (or one CSV file) into the instance's lake folder, declares it as a
 * data source, and imports it: a bar per entity (partitions read, rows ingested) on a terminal.
 */
export async function runImport(app: INestApplicationContext, options: ImportOptions, progress: ProgressReporter): Promise<ImportResult> {
  const storage = app.get<StorageDriver>(StorageDriver);
  const lake = app.get<Lake>(Lake);
  const instance = await storage.getInstance(options.dataset);
  if (!instance) throw new UsageError(`dataset '${options.dataset}' does not exist (known: ${(await storage.listInstances()).map((i) => i.name).join(', ') || 'none'})`);
  const info = await stat(options.source).catch(() => undefined);
  if (!info) throw new UsageError(`'${options.source}' does not exist`);
  const isCsv = info.isFile();
  if (isCsv && extname(options.source).toLowerCase() !== '.csv') throw new UsageError(`'${options.source}' is neither a folder nor a .csv file`);
  if (isCsv && !options.entity) throw new UsageError('importing a CSV file needs --entity <the instance entity it fills>');
  const name = options.name ?? basename(options.source, isCsv ? extname(options.source) : '');
  const folder = joinLakePath('datasources', name);

  const files = isCsv ? [options.source] : await listFiles(options.source);
  await clearLakeFolder(lake, joinLakePath(instance.name, folder));
  let copied = 0;
  for (const file of files) {
    const target = isCsv ? joinLakePath(instance.name, folder, basename(file)) : joinLakePath(instance.name, folder, ...relative(options.source, file).split(sep));
    await lake.write(target, createReadStream(file));
    progress.note(`copied ${++copied}/${files.length}: ${target}`);
  }
  const definition: DataSourceDefinition = isCsv
    ? { name, kind: 'csv', location: `${folder}/${basename(options.source)}`, entities: [{ name: options.entity as string }] }
    : { name, kind: 'cdm', location: folder, ...(options.entity ? { entities: [{ name: options.entity }] } : {}) };
  const others = instance.dataSources.filter((d) => d.name.toLowerCase() !== name.toLowerCase());
  await storage.applyManifest({ ...instance.manifest, dataSources: [...others, definition] });
  progress.note(`importing data source '${name}' into '${instance.name}'…`);
  return app.get(ImportService).importDataSource(instance.name, name, entityBars(progress));
}

/** One bar per entity, created when its first progress arrives. */
function entityBars(progress: ProgressReporter): (update: ImportProgress) => void {
  const bars = new Map<string, ProgressBar>();
  return ({ entity, rows, partitions, partitionsDone }) => {
    let bar = bars.get(entity);
    if (!bar) bars.set(entity, (bar = progress.bar(entity, partitions, 'partitions')));
    bar.update(partitionsDone, `${rows.toLocaleString('en-US')} rows`);
  };
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.'))
      .map((e) => (e.isDirectory() ? listFiles(join(folder, e.name)) : Promise.resolve(e.isFile() ? [join(folder, e.name)] : []))),
  );
  return nested.flat().sort();
}

/** A re-import of a folder must not keep partitions the new copy no longer has. */
async function clearLakeFolder(lake: Lake, folder: string): Promise<void> {
  for (const object of await lake.list(folder)) await lake.delete(object.path);
}
