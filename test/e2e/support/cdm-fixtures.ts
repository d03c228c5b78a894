import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureBlobLake, Lake, LocalFolderLake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import { startAzurite, type Azurite } from '../../support/azurite';
import { call, Json, JsonResponse } from './gateway-harness';

/**
 * Fixtures for data-source imports (§2, §5): CSV text written field by field (so a test
 * controls every byte: quoting, delimiters, line breaks), raw model.json / CDM manifest
 * documents (so malformed ones can be written too), and the lake backends to put them in.
 */

/** One CSV field as it is in the file: `null` is an unquoted empty field, '' a quoted empty one. */
export type Cell = string | null;

/** Quotes a field when it must be (delimiter, quote, CR, LF, or empty string); doubles quotes. */
export function csvField(cell: Cell, delimiter = ',', quote = '"'): string {
  if (cell === null) return '';
  if (cell === '' || cell.includes(delimiter) || cell.includes(quote) || /[\r\n]/.test(cell)) {
    return quote + cell.split(quote).join(quote + quote) + quote;
  }
  return cell;
}

export interface CsvTextOptions {
  readonly delimiter?: string;
  readonly lineBreak?: '\n' | '\r\n';
  /** Leave the last line without a line break. */
  readonly noFinalBreak?: boolean;
}

export function csvText(records: readonly (readonly Cell[])[], options: CsvTextOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const lineBreak = options.lineBreak ?? '\n';
  const text = records.map((r) => r.map((c) => csvField(c, delimiter)).join(delimiter)).join(lineBreak);
  return options.noFinalBreak ? text : text + lineBreak;
}

/** Picks `columns` of a row given by name (missing → unquoted empty). */
export function project(row: Readonly<Record<string, Cell>>, columns: readonly string[]): Cell[] {
  return columns.map((c) => (c in row ? row[c] : null));
}

/** A partition as the folder describes it. */
export interface PartitionSpec {
  readonly location: string;
  readonly hasHeader: boolean;
  readonly delimiter?: string;
  readonly name?: string;
}

/** An entity as the folder describes it; attribute types are CDM names (model.json `dataType` or manifest `dataFormat`). */
export interface EntitySpec {
  readonly name: string;
  readonly attributes: readonly (readonly [name: string, cdmType: string])[];
  readonly partitions: readonly PartitionSpec[];
}

/** model.json text, as Customer Insights / Power BI write it. No validation: any dataType goes. */
export function modelJsonText(name: string, entities: readonly EntitySpec[]): string {
  return JSON.stringify(
    {
      name,
      version: '1.0',
      entities: entities.map((e) => ({
        $type: 'LocalEntity',
        name: e.name,
        attributes: e.attributes.map(([attribute, dataType]) => ({ name: attribute, dataType })),
        partitions: e.partitions.map((p) => ({
          ...(p.name !== undefined ? { name: p.name } : {}),
          location: p.location,
          fileFormatSettings: { $type: 'CsvFormatSettings', columnHeaders: p.hasHeader, delimiter: p.delimiter ?? ',', quoteStyle: 'QuoteStyle.Csv' },
        })),
      })),
    },
    null,
    2,
  );
}

/**
 * A CDM manifest folder: `<manifestName>.manifest.cdm.json` and one entity document per entity
 * (`<Entity>.cdm.json`, attributes with `dataFormat`). Returns file name → text.
 */
export function cdmManifestFiles(manifestName: string, entities: readonly EntitySpec[]): Record<string, string> {
  const files: Record<string, string> = {};
  files[`${manifestName}.manifest.cdm.json`] = JSON.stringify(
    {
      jsonSchemaSemanticVersion: '1.0.0',
      imports: [{ corpusPath: 'cdm:/foundations.cdm.json' }],
      manifestName,
      entities: entities.map((e) => ({
        type: 'LocalEntity',
        entityName: e.name,
        entityPath: `${e.name}.cdm.json/${e.name}`,
        dataPartitions: e.partitions.map((p) => ({
          ...(p.name !== undefined ? { name: p.name } : {}),
          location: p.location,
          exhibitsTraits: [
            {
              traitReference: 'is.partition.format.CSV',
              arguments: [
                { name: 'columnHeaders', value: String(p.hasHeader) },
                { name: 'delimiter', value: p.delimiter ?? ',' },
              ],
            },
          ],
        })),
      })),
    },
    null,
    2,
  );
  for (const e of entities) {
    files[`${e.name}.cdm.json`] = JSON.stringify(
      {
        jsonSchemaSemanticVersion: '1.0.0',
        imports: [{ corpusPath: 'cdm:/foundations.cdm.json' }],
        definitions: [{ entityName: e.name, hasAttributes: e.attributes.map(([name, dataFormat]) => ({ name, dataFormat })) }],
      },
      null,
      2,
    );
  }
  return files;
}

/** An attribute for `writePartition` (only name and type matter to it). */
export function attribute(name: string, type: EdmType): AttributeMetadata {
  return { name, displayName: name, type, nullable: true };
}

/** Deletes every object under `prefix` (a lake has no folders to remove). */
export async function clearLakeFolder(lake: Lake, prefix: string): Promise<void> {
  for (const object of await lake.list(prefix)) await lake.delete(object.path);
}

/** Writes `files` (relative path → text) under `folder`, after removing what was there. */
export async function writeLakeFolder(lake: Lake, folder: string, files: Readonly<Record<string, string>>): Promise<void> {
  await clearLakeFolder(lake, folder);
  for (const [path, text] of Object.entries(files)) await lake.write(`${folder}/${path}`, text);
}

/**
 * Where the gateway's lake is for a test: the local folder `<DATA_DIR>/lake`, or a fresh
 * container on an Azurite emulator. `env` goes to the gateway; `lake` is the fixtures' view.
 */
export interface LakeBackend {
  readonly name: 'local' | 'azurite';
  readonly dataDir: string;
  readonly env: Record<string, string>;
  readonly lake: Lake;
  dispose(): Promise<void>;
}

export async function openLakeBackend(name: 'local' | 'azurite', prefix: string): Promise<LakeBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dataDir, 'instances'));
  if (name === 'local') {
    const lake = new LocalFolderLake(join(dataDir, 'lake'));
    return { name, dataDir, env: { DATA_DIR: dataDir }, lake, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  let azurite: Azurite | undefined;
  try {
    azurite = await startAzurite();
    const container = `igw-${randomBytes(6).toString('hex')}`;
    const lake = await AzureBlobLake.open({ connectionString: azurite.connectionString, container });
    const running = azurite;
    return {
      name,
      dataDir,
      env: { DATA_DIR: dataDir, AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: container },
      lake,
      async dispose() {
        await lake.close();
        await running.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await azurite?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export function writeInstanceManifest(dataDir: string, manifest: Json): void {
  writeFileSync(join(dataDir, 'instances', `${manifest.name}.json`), JSON.stringify(manifest, null, 2));
}

/**
 * JSON with exact integers: an integer literal of 16+ digits (beyond what a double holds
 * exactly) becomes a bigint instead of a rounded number.
 */
const BIG = '@@bigint@@';

export function parseExactJson(text: string): Json {
  const marked = text.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g, `$1"${BIG}$2"`);
  return JSON.parse(marked, (_key, value: unknown) => (typeof value === 'string' && value.startsWith(BIG) ? BigInt(value.slice(BIG.length)) : value));
}

/** Every item of an entity through the connector's items route (following next links), keyed and sorted by `key`. */
export async function allItems(url: string, dataset: string, table: string, headers: Record<string, string>, key: string): Promise<Json[]> {
  const items: Json[] = [];
  let next: string | undefined = `${url}/datasets/${dataset}/tables/${encodeURIComponent(table)}/items?$top=1000`;
  while (next) {
    const res: JsonResponse = await call(next, { headers });
    if (res.status !== 200) throw new Error(`GET ${next} answered ${res.status}: ${res.text}`);
    const body = parseExactJson(res.text);
    for (const item of body.value) {
      const { '@odata.etag': _etag, ...values } = item;
      items.push(values);
    }
    next = body['@odata.nextLink'];
  }
  return items.sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0));
}

/** Every item of every partition of an entity, through the V2 listing and "Retrieve data from a partition" (§5), paging by OffsetEnd. */
export async function allPartitionItems(
  url: string,
  dataset: string,
  table: string,
  headers: Record<string, string>,
  key: string,
): Promise<{ header: string; partitions: string[]; items: Json[] }> {
  const base = `${url}/datasets/${dataset}/tables/${encodeURIComponent(table)}`;
  const listing = await call(`${url}/v2/datasets/${dataset}/tables/${encodeURIComponent(table)}/partitions`, { headers });
  if (listing.status !== 200) throw new Error(`partition listing answered ${listing.status}: ${listing.text}`);
  const items: Json[] = [];
  const partitions: string[] = [];
  for (const partition of listing.body.Partitions) {
    partitions.push(partition.Name);
    let offset = 0;
    for (;;) {
      const res = await call(`${base}/partitions/data?partitionUri=${encodeURIComponent(partition.Name)}&offsetStart=${offset}&maxResults=7`, { headers });
      if (res.status !== 200) throw new Error(`partition data answered ${res.status}: ${res.text}`);
      const body = parseExactJson(res.text);
      items.push(...body.Items);
      if (body.Size === 0 || body.OffsetEnd === partition.DynamicProperties.size) break;
      offset = body.OffsetEnd;
    }
  }
  items.sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0));
  return { header: listing.body.Header, partitions, items };
}
