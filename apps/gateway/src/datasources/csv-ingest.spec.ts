import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderLake } from '@app/lake';
import { customerEntity } from '@app/odata/testing';
import { PartitionDataError } from '@app/partitions';
import { ingestPartition, planColumns } from './csv-ingest';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

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
  const columns = customerEntity.attributes.map((a) => a.name);
  const ingest = (path: string, where = 'p', ignored = new Set<string>(), fmt = format) =>
    collect(ingestPartition(lake, { path, format: fmt }, customerEntity, columns, where, ignored));

  it('types values like the partition reader: quoted empty is an empty string, unquoted empty is null', async () => {
    await lake.write('p.csv', 'Email,CustomerId,City\r\n"",C-1,\n"a@b, c",C-2,"Köln\nNord"\n');
    const [batch] = await ingest('p.csv');
    const pick = (row: readonly unknown[]) => [row[0], row[1], row[4]];
    expect(batch.map(pick)).toEqual([
      ['C-1', '', null],
      ['C-2', 'a@b, c', 'Köln\nNord'],
    ]);
  });

  it('names the record, line and byte of a required value that is empty', async () => {
    await lake.write('p.csv', 'CustomerId,Email\nC-1,x\n,y\n');
    await expect(ingest('p.csv', 'source p')).rejects.toThrow("source p, data record 2 (line 3, byte 23): 'CustomerId' is required but empty");
  });

  it('counts lines across quoted line breaks and mixed line ends when naming a bad value', async () => {
    await lake.write('p.csv', 'CustomerId,Email,LoyaltyPoints\r\nC-1,"two\nlines",1\rC-2,x,many\n');
    await expect(ingest('p.csv')).rejects.toThrow(/^p, data record 2 \(line 4, byte 50\): .*LoyaltyPoints/);
  });

  it('refuses bytes that are not UTF-8 and a wrong number of fields, naming the file', async () => {
    await lake.write('bad.csv', Buffer.concat([Buffer.from('CustomerId,Email\nC-1,'), Buffer.from([0xff]), Buffer.from('\n')]));
    await expect(ingest('bad.csv', 'source bad')).rejects.toThrow(PartitionDataError);
    await expect(ingest('bad.csv', 'source bad')).rejects.toThrow(/^source bad: .*UTF-8/);
    await lake.write('wide.csv', 'CustomerId,Email\nC-1,x,y\n');
    await expect(ingest('wide.csv')).rejects.toThrow('p, data record 1 (line 2, byte 17): has 3 fields, expected 2');
  });

  it('reports the columns the entity has no attribute for, from a header or from the CDM order', async () => {
    const ignored = new Set<string>();
    await lake.write('h.csv', 'CustomerId,Shoe size\nC-1,42\n');
    await ingest('h.csv', 'p', ignored);
    expect([...ignored]).toEqual(['Shoe size']);
    await lake.write('n.csv', 'C-1,x\n');
    const headerless = new Set<string>();
    await collect(ingestPartition(lake, { path: 'n.csv', format: { ...format, hasHeader: false } }, customerEntity, ['CustomerId', 'Legacy'], 'p', headerless));
    expect([...headerless]).toEqual(['Legacy']);
  });
});
