import { type CdmPartition, writeModelJson } from '@app/cdm';
import type { Lake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import { type CsvFormat, type CsvValue, writePartition } from '@app/partitions';
import type { Json } from './gateway-harness';

/**
 * Data for the partition routes' e2e suites (partitions-*.e2e-spec.ts): the demo's sizes, the
 * 'tricky' instance with hand-written partitions, and helpers to compute what §5 prescribes.
 */

export const DEMO_TABLES = ['Customer', 'UnifiedActivity', 'Customer_Measure', 'PosPurchases'] as const;
export const MiB = 1024 * 1024;
/** Small enough to keep a one-record-per-call walk through every partition fast on both backends. */
export const DEMO_CUSTOMERS = 40;
/** Rows per demo partition file: UnifiedActivity (~5 activities a customer) gets several partitions. */
export const PARTITION_MAX_ROWS = 80;
export const HEADLESS: CsvFormat = { hasHeader: false, delimiter: ',', quote: '"' };
export const HEADED: CsvFormat = { hasHeader: true, delimiter: ',', quote: '"' };

// ---------------------------------------------------------------------------------------
// The 'tricky' instance: one entity with a column of every EDM type but Decimal.
// ---------------------------------------------------------------------------------------

export const TRICKY = 'tricky';
export const READING = 'Reading';
export const READING_COLUMNS: readonly (readonly [string, EdmType])[] = [
  ['Id', 'String'],
  ['Label', 'String'],
  ['Count', 'Int32'],
  ['Big', 'Int64'],
  ['Ratio', 'Double'],
  ['Flag', 'Boolean'],
  ['At', 'DateTimeOffset'],
  ['Day', 'Date'],
  ['Ref', 'Guid'],
];
export const READING_NAMES = READING_COLUMNS.map(([name]) => name);
export const READING_ATTRIBUTES: AttributeMetadata[] = READING_COLUMNS.map(([name, type]) => ({ name, displayName: name, type, nullable: name !== 'Id' }));
export const TRICKY_MANIFEST = {
  name: TRICKY,
  displayName: 'Tricky partitions',
  searchIndex: [],
  entities: [
    {
      name: READING,
      displayName: 'Readings',
      kind: 'other',
      key: 'Id',
      attributes: READING_COLUMNS.map(([name, type]) => (name === 'Id' ? { name, type, nullable: false } : { name, type })),
    },
  ],
};

export const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
/** ~180 KB each once encoded, so two of them pass the 256 KiB step of the boundary index and the first read window. */
export const BIG_LABEL = 'é"\r\n,🎉 東京 ""x"" ;'.repeat(6000);
export const BIG_LABEL_2 = 'line\nnext, "q" Ünïcödé\r\n'.repeat(7000);

/** Typed rows written with writePartition (CRLF line breaks): delimiters, quotes, line breaks, non-ASCII, '' vs null. */
export const CRLF_ROWS: readonly (readonly CsvValue[])[] = [
  ['r01', 'plain', 1, 1, 1.5, true, '2024-01-02T03:04:05.000Z', '2024-02-29', GUID],
  ['r02', 'comma, inside, twice', -2147483648, 9223372036854775807n, -0.25, false, '1999-12-31T23:59:59.999Z', '0001-01-01', '00000000-0000-0000-0000-000000000000'],
  ['r03', 'say "hi" and ""bye""', 2147483647, -9223372036854775808n, 1e-300, true, '2030-06-15T12:00:00.000Z', '9999-12-31', GUID],
  ['r04', 'LF\ninside', 4, 9007199254740993n, 123456.789, false, '2024-02-29T23:59:59.000Z', '2000-02-29', GUID],
  ['r05', 'CRLF\r\ninside\r\n', 5, -5, 1e21, true, '1970-01-01T00:00:00.000Z', '1970-01-01', GUID],
  ['r06', 'Zürich — 東京 🎉 naïve "ü"', 6, 6, -1.7976931348623157e308, false, '2024-07-01T00:00:00.001Z', '2024-07-01', GUID],
  ['r07', '', null, null, null, null, null, null, null],
  ['r08', null, 0, 0, 0, false, null, null, null],
  ['r09', BIG_LABEL, 9, 9, 9.5, true, '2024-09-09T09:09:09.009Z', '2024-09-09', GUID],
  ['r10', ' padded ', 10, 10, 10, true, '2024-10-10T10:10:10.100Z', '2024-10-10', GUID],
  ['r11', BIG_LABEL_2, 11, 11, 11, false, '2024-11-11T11:11:11.110Z', '2024-11-11', GUID],
  ['r12', '"', 12, 12, 12, true, '2024-12-12T12:12:12.120Z', '2024-12-12', GUID],
  ['r13', ',', 13, 13, 13, false, '2024-12-13T00:00:00.000Z', '2024-12-13', GUID],
];
export const CRLF_BIGINTS = ['9223372036854775807', '-9223372036854775808', '9007199254740993'];

/** Raw headerless lines (LF) in the textual forms other writers use; the last one has no line break. */
export const RAW_LINES = [
  'r20,"quoted ""numbers""","42",+7,"1.5E3",TRUE,2024-03-01T10:00:00+02:00,2024-03-01T00:00:00Z,0F8FAD5B-D9CB-469F-A165-70867728950E\n',
  'r21,"multi\r\nline, with CRLF\ninside",-0003,0,.5,0,2024-03-01 10:00:00,2024-12-31,\n',
  'r22,,,,,,,,\n',
  'r23,"",,,,"",,,\n',
  'r24,"no line break at the end",1,2,3,false,2024-03-01T10:00:00.123456Z,2024-01-01,AAAAAAAA-bbbb-CCCC-dddd-EEEEEEEEEEEE',
];
export const RAW_ITEMS = [
  reading('r20', 'quoted "numbers"', 42, 7, 1500, true, '2024-03-01T08:00:00.000Z', '2024-03-01', GUID),
  reading('r21', 'multi\r\nline, with CRLF\ninside', -3, 0, 0.5, false, '2024-03-01T10:00:00.000Z', '2024-12-31', null),
  reading('r22', null, null, null, null, null, null, null, null),
  reading('r23', '', null, null, null, null, null, null, null),
  reading('r24', 'no line break at the end', 1, 2, 3, false, '2024-03-01T10:00:00.123Z', '2024-01-01', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'),
];

/** A headed partition as spreadsheets export it: byte order mark, CRLF, columns in another order and case. */
export const BOM_HEADED = [
  '\uFEFFREF,id,Day,at,flag,RATIO,big,count,label\r\n',
  `${GUID},h1,2024-05-06,2024-05-06T07:08:09Z,true,2.5,10,11,"headed, first"\r\n`,
  ',h2,,,,,,,\r\n',
  ',h3,,,,,,,"last ""one"""\r\n',
];
export const BOM_HEADED_ITEMS = [
  reading('h1', 'headed, first', 11, 10, 2.5, true, '2024-05-06T07:08:09.000Z', '2024-05-06', GUID),
  reading('h2', null, null, null, null, null, null, null, null),
  reading('h3', 'last "one"', null, null, null, null, null, null, null),
];

export const GOOD_B1 = 'b1,ok,1,,,,,,\n';
export const GOOD_B2 = 'b2,"fine, still",2,,,,,,\n';
/** Latin-1 'é' (0xE9) is not UTF-8. */
export const NOT_UTF8 = Buffer.concat([Buffer.from(GOOD_B1 + GOOD_B2), Buffer.from('b3,caf'), Buffer.from([0xe9]), Buffer.from(',3,,,,,,\nb4,after,4,,,,,,\n')]);
export const TRUNCATED = `${GOOD_B1}${GOOD_B2}t3,"never closed,3,,,,,,\n`;
export const BAD_VALUE = `${GOOD_B1}v2,bad,not-a-number,,,,,,\n`;
export const BAD_WIDTH = 'w1,too,few\n';
/** A byte order mark, empty lines (LF and CRLF) between records and after the last one. */
export const BLANK_LINES = ['\uFEFFk1,first,,,,,,,\n', '\r\n\nk2,"second,\n\nwith empty lines inside",,,,,,,\n', '\n\r\n'];

export const REFRESH_TIME = '2024-06-01T00:00:00.000Z';

export interface TrickyPartition {
  readonly name: string;
  readonly path: string;
  readonly format: CsvFormat;
  /** Bytes in the lake; undefined for the partition whose file is missing. */
  readonly size?: number;
}

export function reading(...values: CsvValue[]): Record<string, Json> {
  return Object.fromEntries(READING_NAMES.map((name, i) => [name, values[i]]));
}

/** As JSON.parse gives it back: an Int64 beyond 2^53 is rounded by the client, not by us. */
export function asJson(row: readonly CsvValue[]): Record<string, Json> {
  return Object.fromEntries(READING_NAMES.map((name, i) => [name, typeof row[i] === 'bigint' ? Number(row[i]) : row[i]]));
}

/** Byte offsets where each record ends (record i spans ends[i-1]..ends[i]), from `start`. */
export function recordEnds(lines: readonly (string | Buffer)[], start = 0): number[] {
  const ends: number[] = [];
  let at = start;
  for (const line of lines) ends.push((at += typeof line === 'string' ? Buffer.byteLength(line) : line.length));
  return ends;
}

/** Writes the tricky instance's partitions and model.json into the lake the gateway will use. */
export async function writeTrickyLake(lake: Lake): Promise<TrickyPartition[]> {
  const folder = `${TRICKY}/${READING}`;
  const written: TrickyPartition[] = [];
  const put = async (name: string, format: CsvFormat, content: string | Buffer) => {
    const path = `${folder}/${name}.csv`;
    const object = await lake.write(path, content);
    written.push({ name, path, format, size: object.size });
  };
  const crlfPath = `${folder}/${READING}-crlf.csv`;
  const crlf = await writePartition(lake, { path: crlfPath, format: HEADLESS }, READING_ATTRIBUTES, CRLF_ROWS, { lineBreak: '\r\n' });
  written.push({ name: `${READING}-crlf`, path: crlfPath, format: HEADLESS, size: crlf.object.size });
  const headedPath = `${folder}/${READING}-headed.csv`;
  const headed = await writePartition(lake, { path: headedPath, format: HEADED }, READING_ATTRIBUTES, CRLF_ROWS.slice(0, 8));
  written.push({ name: `${READING}-headed`, path: headedPath, format: HEADED, size: headed.object.size });
  await put(`${READING}-raw`, HEADLESS, RAW_LINES.join(''));
  await put(`${READING}-bom-headed`, HEADED, BOM_HEADED.join(''));
  await put(`${READING}-not-utf8`, HEADLESS, NOT_UTF8);
  await put(`${READING}-truncated`, HEADLESS, TRUNCATED);
  await put(`${READING}-bad-value`, HEADLESS, BAD_VALUE);
  await put(`${READING}-bad-width`, HEADLESS, BAD_WIDTH);
  await put(`${READING}-empty`, HEADLESS, '');
  await put(`${READING}-header-only`, HEADED, `${READING_NAMES.join(',')}\r\n`);
  await put(`${READING}-blank-lines`, HEADLESS, BLANK_LINES.join(''));
  // A file name that needs escaping in a blob URL: the location must still lead back to it.
  const odd = `${folder}/odd folder/Réading #1 (copy)%20.csv`;
  const oddWritten = await writePartition(lake, { path: odd, format: HEADLESS }, READING_ATTRIBUTES, CRLF_ROWS.slice(0, 3));
  written.push({ name: `${READING}-odd`, path: odd, format: HEADLESS, size: oddWritten.object.size });
  written.push({ name: `${READING}-missing`, path: `${folder}/${READING}-missing.csv`, format: HEADLESS });
  await writeTrickyModel(lake, written);
  return written;
}

export async function writeTrickyModel(lake: Lake, partitions: readonly TrickyPartition[]): Promise<void> {
  const cdm: CdmPartition[] = partitions.map((p) => ({ name: p.name, location: modelLocation(lake, TRICKY, p.path), refreshTime: REFRESH_TIME, format: { ...p.format } }));
  const model = { name: TRICKY, entities: [{ name: READING, attributes: READING_ATTRIBUTES.map((a) => ({ name: a.name, type: a.type })), partitions: cdm }] };
  await lake.write(`${TRICKY}/model.json`, writeModelJson(model, { application: 'partitions e2e' }));
}

/** Locations in an instance's model.json: relative to its folder locally (as CDM readers resolve them), blob URLs on Azure. */
export function modelLocation(lake: Lake, instance: string, path: string): string {
  return lake.kind === 'local' ? path.slice(instance.length + 1) : lake.locationOf(path);
}

export function lakePathOf(lake: Lake, instance: string, location: string): string | undefined {
  return lake.kind === 'local' ? `${instance}/${location}` : lake.pathOf(location);
}

export async function lakeBytes(lake: Lake, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of lake.read(path)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------
// Reading partitions through the routes.
// ---------------------------------------------------------------------------------------

export interface PartitionPage {
  readonly OffsetStart: number;
  readonly OffsetEnd: number;
  readonly Size: number;
  readonly Items: Json[];
}

export interface Listed {
  readonly Name: string;
  readonly DisplayName: string;
  readonly DynamicProperties: { location: string; refreshTime: string | null; hasHeader: boolean; size: number | null; format: string };
}

export interface ReadOptions {
  readonly maxSize?: number;
  readonly maxResults?: number;
  readonly select?: string;
  /** Name the partition by its location instead of its name. */
  readonly byLocation?: boolean;
}

/**
 * The OffsetEnds §5 prescribes when paging from `start` through records ending at `ends`:
 * whole records until the next would end more than maxSize bytes past the page start, at
 * least one, at most maxResults.
 */
export function expectedOffsetEnds(ends: readonly number[], start: number, maxSize: number, maxResults: number): number[] {
  const pages: number[] = [];
  let from = start;
  let next = 0;
  while (next < ends.length) {
    let count = 0;
    let end = from;
    while (next < ends.length && count < maxResults && (count === 0 || ends[next] - from <= maxSize)) {
      end = ends[next++];
      count++;
    }
    pages.push(end);
    from = end;
  }
  return pages;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
