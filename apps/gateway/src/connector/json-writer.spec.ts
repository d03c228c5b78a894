import type { AttributeMetadata } from '@app/odata';
import { RecordWriter, writeCollection, writeValue } from './json-writer';

describe(RecordWriter.name, () => {
  const attributes: AttributeMetadata[] = [
    { name: 'Id', displayName: 'Id', type: 'String', nullable: false },
    { name: 'Big', displayName: 'Big', type: 'Int64', nullable: true },
    { name: 'Ok', displayName: 'Ok', type: 'Boolean', nullable: true },
    { name: 'Amount', displayName: 'Amount', type: 'Double', nullable: true },
  ];
  const sut = new RecordWriter(attributes);

  it('writes Int64 beyond 2^53 as exact digits and escapes strings', () => {
    const text = sut.write({ values: { Id: 'O"Brien\n\u2028', Big: 9007199254740993n, Ok: true, Amount: 1.5 }, etag: 'v1' });
    expect(text).toBe('{"@odata.etag":"W/\\"v1\\"","Id":"O\\"Brien\\n\u2028","Big":9007199254740993,"Ok":true,"Amount":1.5}');
    expect(JSON.parse(text).Id).toBe('O"Brien\n\u2028');
  });

  it('writes missing and non-finite values as null', () => {
    expect(JSON.parse(sut.write({ values: { Id: 'a', Amount: Number.NaN }, etag: 'e' }))).toEqual({
      '@odata.etag': 'W/"e"', Id: 'a', Big: null, Ok: null, Amount: null,
    });
    expect(writeValue(null)).toBe('null');
  });

  it('writes a collection with count first and the next link last', () => {
    const text = writeCollection(sut, { records: [{ values: { Id: 'a' }, etag: 'e' }], count: 7, nextLink: 'http://h/x?$skiptoken=t' });
    expect(Object.keys(JSON.parse(text))).toEqual(['@odata.count', 'value', '@odata.nextLink']);
    expect(JSON.parse(writeCollection(sut, { records: [] }))).toEqual({ value: [] });
  });
});

describe('RecordWriter for the feed', () => {
  const attributes: AttributeMetadata[] = [
    { name: 'Id', displayName: 'Id', type: 'String', nullable: false },
    { name: 'Big', displayName: 'Big', type: 'Int64', nullable: true },
    { name: 'Price', displayName: 'Price', type: 'Decimal', nullable: true },
    { name: 'Count', displayName: 'Count', type: 'Int32', nullable: true },
  ];

  it('writes Int64 and Decimal as strings under IEEE754Compatible, and no ETag', () => {
    const sut = new RecordWriter(attributes, { etag: false, ieee754Compatible: true });
    const text = sut.write({ values: { Id: 'a', Big: 9007199254740993n, Price: 12.5, Count: 3 }, etag: 'e' });
    expect(text).toBe('{"Id":"a","Big":"9007199254740993","Price":"12.5","Count":3}');
    expect(JSON.parse(sut.write({ values: { Id: 'b', Big: null, Price: null, Count: null }, etag: 'e' }))).toEqual({ Id: 'b', Big: null, Price: null, Count: null });
  });

  it('puts annotations first and expansions last', () => {
    const sut = new RecordWriter(attributes.slice(0, 1), { etag: false, ieee754Compatible: false });
    expect(sut.write({ values: { Id: 'a' }, etag: 'e' }, '"@odata.context":"c",', ',"Nav":[]')).toBe('{"@odata.context":"c","Id":"a","Nav":[]}');
  });
});

describe('RecordWriter with positional records', () => {
  const id: AttributeMetadata = { name: 'Id', displayName: 'Id', type: 'String', nullable: false };
  const city: AttributeMetadata = { name: 'City', displayName: 'City', type: 'String', nullable: true };

  it('reads by position when the layout lines up, and by name when it does not', () => {
    const sut = new RecordWriter([id, city], { etag: false, ieee754Compatible: false });
    const aligned = { columns: ['a', 'Rome'], layout: [id, city], etag: 'e', values: { Id: 'wrong', City: 'wrong' } };
    expect(sut.write(aligned)).toBe('{"Id":"a","City":"Rome"}');
    const shuffled = { columns: ['Rome', 'a'], layout: [city, id], etag: 'e', values: { Id: 'a', City: 'Rome' } };
    expect(sut.write(shuffled)).toBe('{"Id":"a","City":"Rome"}');
    const longer = { columns: ['a', 'Rome', 'extra'], layout: [id, city, { ...city, name: 'X' }], etag: 'e', values: {} };
    expect(sut.write(longer)).toBe('{"Id":"a","City":"Rome"}');
  });
});
