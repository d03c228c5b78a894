import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderLake } from '@app/lake';
import { customerEntity } from '@app/odata/testing';
import { PartitionDataError } from '@app/partitions';
import { ingestPartition, planColumns, utf8Checked } from './csv-ingest';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

async function* pieces(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('utf8Checked', () => {
  const text = Buffer.from('Zoë,東京,😀\n', 'utf8');

  it.each([1, 2, 3, 5])('passes UTF-8 through unchanged when characters straddle %i-byte chunks', async (size) => {
    expect(Buffer.concat(await collect(utf8Checked(pieces(text, size), 'p')))).toEqual(text);
  });

  it('refuses bytes that are not UTF-8, and a file ending inside a character', async () => {
    const latin1 = Buffer.from('Zo\xeb,Berlin\n', 'latin1');
    await expect(collect(utf8Checked(pieces(latin1, 4), 'partition x'))).rejects.toThrow(/partition x is not UTF-8 text \(invalid bytes between byte 0 and \d+\)/);
    await expect(collect(utf8Checked(pieces(text.subarray(0, text.length - 3), 4), 'p'))).rejects.toThrow('p ends inside a UTF-8 character');
  });
});

describe('planColumns', () => {
  it('maps file columns to attributes by name in any case, and reports the rest', () => {
    const plan = planColumns(customerEntity, ['email', 'CUSTOMERID', 'Shoe size'], 'p');
    expect(plan.targets).toEqual([1, 0, -1]);
    expect(plan.ignored).toEqual(['Shoe size']);
  });

  it('fails when a required attribute has no column', () => {
    expect(() => planColumns(customerEntity, ['Email'], 'source p')).toThrow("source p: no column for required attribute 'CustomerId' of 'Customer'");
  });
});

describe('ingestPartition', () => {
  let dir: string;
  let lake: LocalFolderLake;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'igw-ingest-'));
    lake = new LocalFolderLake(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const format = { hasHeader: true, delimiter: ',', quote: '"' };
  const columns = customerEntity.attributes.map((a) => ({ name: a.name, type: a.type }));

  it('types values like the partition reader: quoted empty is an empty string, unquoted empty is null', async () => {
    await lake.write('p.csv', 'Email,CustomerId,City\r\n"",C-1,\n"a@b, c",C-2,"Köln\nNord"\n');
    const [batch] = await collect(ingestPartition(lake, { path: 'p.csv', format }, customerEntity, columns, 'p'));
    const pick = (row: readonly unknown[]) => [row[0], row[1], row[4]];
    expect(batch.map(pick)).toEqual([
      ['C-1', '', null],
      ['C-2', 'a@b, c', 'Köln\nNord'],
    ]);
  });

  it('names the line of a required value that is empty', async () => {
    await lake.write('p.csv', 'CustomerId,Email\nC-1,x\n,y\n');
    await expect(collect(ingestPartition(lake, { path: 'p.csv', format }, customerEntity, columns, 'source p'))).rejects.toThrow(
      new PartitionDataError("source p, data record 2: 'CustomerId' is required but empty", 0),
    );
  });
});
