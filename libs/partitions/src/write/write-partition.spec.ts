import type { LocalFolderLake } from '@app/lake';
import type { AttributeMetadata, EdmType } from '@app/odata';
import { boundaryIndexPath, parseBoundaryIndex } from '../boundaries/boundary-index';
import { buildBoundaryIndex } from '../boundaries/load-boundary-index';
import { CDM_CSV, type CsvValue, type PartitionFile } from '../partition-types';
import { tempLake } from '../testing/test-lake';
import { writePartition } from './write-partition';

function attr(name: string, type: EdmType): AttributeMetadata {
  return { name, displayName: name, type, nullable: true };
}

const ATTRIBUTES = [attr('Id', 'Int64'), attr('Name', 'String'), attr('Active', 'Boolean'), attr('Score', 'Double')];
const ROWS: (readonly CsvValue[])[] = [
  [1, 'Ann', true, 1.5],
  [9007199254740993n, 'say "hi", Bob\nbye', false, null],
  [3, '', null, -0.25],
];

describe(writePartition.name, () => {
  let lake: LocalFolderLake;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ lake, dispose } = await tempLake());
  });
  afterEach(() => dispose());

  it('writes one line per row, quoting only where needed', async () => {
    const file: PartitionFile = { path: 'x/part.csv', format: CDM_CSV };
    const sut = await writePartition(lake, file, ATTRIBUTES, ROWS);
    const text = '1,Ann,true,1.5\n9007199254740993,"say ""hi"", Bob\nbye",false,\n3,"",,-0.25\n';
    expect(await lake.readText(file.path)).toBe(text);
    expect(sut).toEqual({ object: await lake.stat(file.path), rows: 3 });
  });

  it('writes a header of the attribute names first when the format has one, and CRLF when asked', async () => {
    const file: PartitionFile = { path: 'x/part.csv', format: { ...CDM_CSV, hasHeader: true } };
    await writePartition(lake, file, ATTRIBUTES, ROWS.slice(0, 1), { lineBreak: '\r\n' });
    expect(await lake.readText(file.path)).toBe('Id,Name,Active,Score\r\n1,Ann,true,1.5\r\n');
  });

  it('stores the same boundary index a scan of the file builds, without a second pass', async () => {
    const file: PartitionFile = { path: 'x/part.csv', format: { ...CDM_CSV, hasHeader: true } };
    const many = Array.from({ length: 500 }, (_, i) => [i, `név ${i}\n"${'x'.repeat(i % 17)}"`, i % 2 === 0, i / 7]);
    const { object } = await writePartition(lake, file, ATTRIBUTES, many, { boundaryStep: 1000, chunkBytes: 777 });
    const stored = parseBoundaryIndex((await lake.readText(boundaryIndexPath(file.path))) ?? '');
    expect(stored).toEqual(await buildBoundaryIndex(lake, file, object, 1000));
    expect(stored).toMatchObject({ size: object.size, etag: object.etag, headerEnd: 'Id,Name,Active,Score\n'.length });
  });

  it('takes rows from an async iterable', async () => {
    async function* rows(): AsyncIterable<readonly CsvValue[]> {
      for (const row of ROWS) yield row;
    }
    const file: PartitionFile = { path: 'x/async.csv', format: CDM_CSV };
    expect((await writePartition(lake, file, ATTRIBUTES, rows(), { chunkBytes: 1 })).rows).toBe(3);
    expect(await lake.readText(file.path)).toBe(await writeAndRead(lake, ROWS));
  });

  it('writes an empty file for no rows (and just the header with one)', async () => {
    const file: PartitionFile = { path: 'x/empty.csv', format: CDM_CSV };
    expect((await writePartition(lake, file, ATTRIBUTES, [])).object.size).toBe(0);
    await writePartition(lake, { ...file, format: { ...CDM_CSV, hasHeader: true } }, ATTRIBUTES, []);
    expect(await lake.readText(file.path)).toBe('Id,Name,Active,Score\n');
  });

  it('writes a lone null as "" so that the line is still a record', async () => {
    const file: PartitionFile = { path: 'x/one.csv', format: CDM_CSV };
    await writePartition(lake, file, [attr('N', 'Int32')], [[1], [null], [2]]);
    expect(await lake.readText(file.path)).toBe('1\n""\n2\n');
  });

  it('rejects a row whose width is not the number of attributes', async () => {
    const file: PartitionFile = { path: 'x/bad.csv', format: CDM_CSV };
    await expect(writePartition(lake, file, ATTRIBUTES, [[1, 'a', true]])).rejects.toThrow(/row 1 has 3 values.*4 columns/);
  });
});

async function writeAndRead(lake: LocalFolderLake, rows: (readonly CsvValue[])[]): Promise<string | undefined> {
  const file: PartitionFile = { path: 'x/sync.csv', format: CDM_CSV };
  await writePartition(lake, file, ATTRIBUTES, rows);
  return lake.readText(file.path);
}
