import { catchError, customerEntity } from '@app/odata/testing';
import { BadParameterError } from '../errors/gateway-errors';
import { parsePartitionDataRequest } from './partition-data.request';
import type { CsvValue } from '@app/partitions';
import { PartitionDataWriter } from './partition-data.writer';

const entity = customerEntity;
const parse = (query: string) => parsePartitionDataRequest(`/datasets/d/tables/t/partitions/data?${query}`, entity);
const names = (query: string) => parse(query).select.map((a) => a.name);

describe('parsePartitionDataRequest', () => {
  it('applies the defaults of §5', () => {
    expect(parse('partitionUri=p1')).toEqual({
      partitionUri: 'p1',
      offsetStart: 0,
      maxSize: 4 * 1024 * 1024,
      maxResults: 1000,
      select: entity.attributes,
    });
  });

  it('decodes the partition URI and reads the numbers', () => {
    const request = parse('partitionUri=https%3A%2F%2Fx%2Fa%20b.csv&offsetStart=128&maxSize=67108864&maxResults=100000');
    expect(request).toMatchObject({ partitionUri: 'https://x/a b.csv', offsetStart: 128, maxSize: 64 * 1024 * 1024, maxResults: 100_000 });
  });

  it('selects columns in the order asked, any case, once each', () => {
    const [first, second] = entity.attributes;
    expect(names(`partitionUri=p&select=${second.name.toUpperCase()},${first.name},${second.name}`)).toEqual([second.name, first.name]);
  });

  it.each([
    ['', 'partitionUri'],
    ['partitionUri=', 'partitionUri'],
    ['partitionUri=a&partitionUri=b', 'partitionUri'],
    ['partitionUri=p&select=Nope', 'select'],
    ['partitionUri=p&offsetStart=-1', 'offsetStart'],
    ['partitionUri=p&offsetStart=1.5', 'offsetStart'],
    ['partitionUri=p&offsetStart=abc', 'offsetStart'],
    ['partitionUri=p&maxSize=0', 'maxSize'],
    ['partitionUri=p&maxSize=67108865', 'maxSize'],
    ['partitionUri=p&maxResults=0', 'maxResults'],
    ['partitionUri=p&maxResults=100001', 'maxResults'],
  ])('rejects %j, naming %s', (query, target) => {
    const error = catchError(() => parse(query));
    expect(error).toBeInstanceOf(BadParameterError);
    expect((error as BadParameterError).target).toBe(target);
  });
});

describe('PartitionDataWriter', () => {
  const select = entity.attributes.slice(0, 2);
  const write = (items: (readonly CsvValue[])[], offsets = { offsetStart: 10, offsetEnd: 99, size: 200 }) => {
    const writer = new PartitionDataWriter(select);
    items.forEach(writer.item);
    return Buffer.concat(writer.finish({ ...offsets, items: [], count: items.length })).toString();
  };

  it('writes PartitionDataResponse with typed values and exact Int64', () => {
    expect(write([['a "q"', 9007199254740993n], [null, true]])).toBe(
      `{"OffsetStart":10,"OffsetEnd":99,"Size":2,"Items":[{"${select[0].name}":"a \\"q\\"","${select[1].name}":9007199254740993},{"${select[0].name}":null,"${select[1].name}":true}]}`,
    );
    expect(JSON.parse(write([], { offsetStart: 0, offsetEnd: 0, size: 0 }))).toEqual({ OffsetStart: 0, OffsetEnd: 0, Size: 0, Items: [] });
  });

  it('stays one valid document across its 64 KiB buffers', () => {
    const items = Array.from({ length: 5000 }, (_, i) => [`value ${i} ${'é'.repeat(i % 7)}`, i] as const);
    const parsed = JSON.parse(write(items.map((v) => [...v])));
    expect(parsed.Size).toBe(5000);
    expect(parsed.Items[4999]).toEqual({ [select[0].name]: `value 4999 ${'é'.repeat(4999 % 7)}`, [select[1].name]: 4999 });
  });
});
