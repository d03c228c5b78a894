import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { NotFoundError, StorageDriver, StorageErrorCode } from '@app/storage';
import { ConnectionsService, ConnectionView } from '../admin/connections.service';
import { CreateConnectionDto } from '../admin/dto/create-connection.dto';
import { loadCliConfig, withContext } from './cli-context';
import { ExitCode, UsageError } from './cli-errors';
import { CliModule } from './cli.module';

export interface CreateKeyOptions {
  readonly datasets: readonly string[];
  readonly role: string;
  readonly displayName: string;
  readonly throttleLimit?: number;
}

/** The DTO's properties as the command's options are named. */
const OPTION_OF: Readonly<Record<string, string>> = { datasets: '--dataset', role: '--role', displayName: '--name', throttleLimit: '--throttle-limit' };

/**
 * `keys create`: the admin API's `POST /admin/connections` (same DTO rules, same service), with
 * the key printed on stdout, once. Each `key: value` line stands alone, for scripts.
 */
export async function createKey(options: CreateKeyOptions): Promise<ExitCode> {
  const dto = validDto(options);
  const config = loadCliConfig(process.env);
  const { created, unknown } = await withContext(config, CliModule.forRoot(config), async (app) => {
    const storage = app.get<StorageDriver>(StorageDriver);
    const known = new Set((await storage.listInstances()).map((i) => i.name));
    return { created: await app.get(ConnectionsService).create(dto), unknown: dto.datasets.filter((d) => d !== '*' && !known.has(d)) };
  });
  process.stdout.write(
    [
      `id:       ${created.id}`,
      `key:      ${created.key}`,
      `name:     ${created.displayName}`,
      `role:     ${created.role}`,
      `datasets: ${created.datasets.join(', ')}`,
      `throttle: ${created.throttleLimit === null ? `default (THROTTLE_LIMIT, ${config.THROTTLE_LIMIT})` : created.throttleLimit} calls per ${config.THROTTLE_TTL_SECONDS} s`,
    ].join('\n') + '\n',
  );
  if (unknown.length > 0) process.stderr.write(`note: no dataset ${unknown.map((d) => `'${d}'`).join(', ')} yet; the key may use it once it exists\n`);
  process.stderr.write(`The key is shown only now (the store keeps its hash). Basic auth user: ${created.id}\n`);
  return ExitCode.Ok;
}

/** `keys list`: a table on stdout; never a key or a hash (the service's view has neither). */
export async function listKeys(): Promise<ExitCode> {
  const config = loadCliConfig(process.env);
  const { value } = await withContext(config, CliModule.forRoot(config), (app) => app.get(ConnectionsService).list());
  if (value.length === 0) {
    process.stdout.write('no connections\n');
    return ExitCode.Ok;
  }
  process.stdout.write(table(['ID', 'NAME', 'ROLE', 'DATASETS', 'THROTTLE', 'CREATED'], value.map(row)));
  return ExitCode.Ok;
}

/** `keys revoke <id>`. */
export async function revokeKey(id: string): Promise<ExitCode> {
  const config = loadCliConfig(process.env);
  await withContext(config, CliModule.forRoot(config), async (app) => {
    try {
      await app.get(ConnectionsService).revoke(id);
    } catch (error) {
      if (error instanceof NotFoundError && error.code === StorageErrorCode.ConnectionNotFound) {
        throw new UsageError(`connection '${id}' does not exist (see insights-gateway keys list)`);
      }
      throw error;
    }
  });
  process.stdout.write(`revoked ${id}\n`);
  process.stderr.write('A running gateway refuses its key within 5 s (its credential cache).\n');
  return ExitCode.Ok;
}

function validDto(options: CreateKeyOptions): CreateConnectionDto {
  const dto = plainToInstance(CreateConnectionDto, { ...options, datasets: [...new Set(options.datasets)] });
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new UsageError(errors.map(describe).join('; '), 'keys create');
  return dto;
}

function describe(error: ValidationError): string {
  return `${OPTION_OF[error.property] ?? error.property}: ${Object.values(error.constraints ?? { invalid: 'is invalid' }).join(', ')}`;
}

function row(c: ConnectionView): string[] {
  return [c.id, c.displayName, c.role, c.datasets.join(','), c.throttleLimit === null ? 'default' : String(c.throttleLimit), c.createdAt];
}

/** Columns padded to their widest cell; the last one is not padded. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [header, ...rows].map(line).join('\n') + '\n';
}
