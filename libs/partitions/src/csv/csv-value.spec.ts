import { normalizeDateTimeOffset, type AttributeMetadata, type EdmType } from '@app/odata';
import fc from 'fast-check';
import { PartitionDataError } from '../partition-errors';
import { checkFieldCount, parseCsvValue } from './csv-value';

function attr(type: EdmType, name = 'Col'): AttributeMetadata {
  return { name, displayName: name, type, nullable: true };
}

describe(parseCsvValue.name, () => {
  const sut = (text: string, type: EdmType, quoted = false): unknown => parseCsvValue(text, quoted, attr(type), 42);

  it('reads an unquoted empty field as null and a quoted one as empty text for String only', () => {
    expect(sut('', 'String')).toBeNull();
    expect(sut('', 'String', true)).toBe('');
    expect(sut('', 'Int32', true)).toBeNull();
    expect(sut('', 'Date', true)).toBeNull();
  });

  it('keeps String text as it is, quoted or not', () => {
    expect(sut(' a "b" ', 'String', true)).toBe(' a "b" ');
    expect(sut('007', 'String')).toBe('007');
  });

  it('rejects String text holding a NUL character, which no store keeps alike', () => {
    expect(() => sut('a\u0000b', 'String', true)).toThrow(PartitionDataError);
  });

  it.each([
    ['0', 0],
    ['-12', -12],
    ['+7', 7],
    ['-0', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
  ])('reads Int32 %s', (text, value) => expect(sut(text, 'Int32')).toBe(value));

  it.each(['2147483648', '-2147483649', '1.5', '1e3', ' 1', 'x', '0x10'])('rejects Int32 %s', (text) => {
    expect(() => sut(text, 'Int32')).toThrow(PartitionDataError);
  });

  it('reads Int64 as a number within ±2^53 and a bigint beyond', () => {
    expect(sut('9007199254740991', 'Int64')).toBe(9007199254740991);
    expect(sut('-9007199254740991', 'Int64')).toBe(-9007199254740991);
    expect(sut('9007199254740993', 'Int64')).toBe(9007199254740993n);
    expect(sut('9223372036854775807', 'Int64')).toBe(9223372036854775807n);
    expect(sut('-9223372036854775808', 'Int64')).toBe(-9223372036854775808n);
    expect(sut('0000000000000000000012', 'Int64')).toBe(12);
    expect(() => sut('9223372036854775808', 'Int64')).toThrow(PartitionDataError);
    expect(() => sut('12.0', 'Int64')).toThrow(PartitionDataError);
  });

  it.each([
    ['1.5', 1.5],
    ['-0.25', -0.25],
    ['.5', 0.5],
    ['3.', 3],
    ['1e-3', 0.001],
    ['+2E+2', 200],
    ['12', 12],
  ])('reads Double and Decimal %s', (text, value) => {
    expect(sut(text, 'Double')).toBe(value);
    expect(sut(text, 'Decimal')).toBe(value);
  });

  it.each(['NaN', 'Infinity', '1e999', '1,5', '0x1', '1_000', '.', 'e5'])('rejects Double %s', (text) => {
    expect(() => sut(text, 'Double')).toThrow(PartitionDataError);
  });

  it('reads Boolean true/false/1/0 in any case', () => {
    expect(['true', 'TRUE', 'True', '1'].map((t) => sut(t, 'Boolean'))).toEqual([true, true, true, true]);
    expect(['false', 'FaLsE', '0'].map((t) => sut(t, 'Boolean'))).toEqual([false, false, false]);
    expect(() => sut('yes', 'Boolean')).toThrow(PartitionDataError);
  });

  it('reads Date, also as the date part of a midnight date-time', () => {
    expect(sut('2024-02-29', 'Date')).toBe('2024-02-29');
    expect(sut('2024-01-02T00:00:00', 'Date')).toBe('2024-01-02');
    expect(sut('2024-01-02 00:00:00.000Z', 'Date')).toBe('2024-01-02');
    expect(sut('2024-01-02T00:00', 'Date')).toBe('2024-01-02');
    for (const bad of ['2023-02-29', '2024-01-02T00:00:01', '2024-1-2', '02/01/2024']) expect(() => sut(bad, 'Date')).toThrow(PartitionDataError);
  });

  it('reads DateTimeOffset with an offset, or as UTC without one', () => {
    expect(sut('2024-01-02T03:04:05+02:00', 'DateTimeOffset')).toBe('2024-01-02T01:04:05.000Z');
    expect(sut('2024-01-02T03:04:05Z', 'DateTimeOffset')).toBe('2024-01-02T03:04:05.000Z');
    expect(sut('2000-02-29T23:59:59.9999Z', 'DateTimeOffset')).toBe('2000-02-29T23:59:59.999Z');
    for (const bad of ['1900-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '0000-01-01T00:00:00Z', '2024-04-31T00:00:00.000Z']) {
      expect(() => sut(bad, 'DateTimeOffset')).toThrow(PartitionDataError);
    }
    expect(sut('2024-01-02T03:04:05', 'DateTimeOffset')).toBe('2024-01-02T03:04:05.000Z');
    expect(sut('2024-01-02 03:04:05', 'DateTimeOffset')).toBe('2024-01-02T03:04:05.000Z');
    expect(sut('2024-01-02 03:04:05.1234567', 'DateTimeOffset')).toBe('2024-01-02T03:04:05.123Z');
    expect(sut('2024-01-02 03:04:05-01:30', 'DateTimeOffset')).toBe('2024-01-02T04:34:05.000Z');
    for (const bad of ['2024-01-02', '2024-13-02T00:00:00Z', 'yesterday', '2024-01-02T03:04:05 +02:00']) {
      expect(() => sut(bad, 'DateTimeOffset')).toThrow(PartitionDataError);
    }
  });

  it('reads UTC date-times exactly as normalizeDateTimeOffset does (its fast path)', () => {
    const two = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const utc = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two(13), two(32), two(25), two(61), two(61), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 }))
      .map(([y, mo, d, h, mi, s, f]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}${f === '' ? '' : `.${f}`}Z`);
    fc.assert(
      fc.property(utc, (text) => {
        const expected = normalizeDateTimeOffset(text);
        if (expected === undefined) expect(() => sut(text, 'DateTimeOffset')).toThrow(PartitionDataError);
        else expect(sut(text, 'DateTimeOffset')).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads Guid in lower case', () => {
    expect(sut('0F8FAD5B-D9CB-469F-A165-70867728950E', 'Guid')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(() => sut('0f8fad5b-d9cb-469f-a165-70867728950', 'Guid')).toThrow(PartitionDataError);
  });

  it('names the column, the type and the record offset in the error', () => {
    let error: unknown;
    try {
      parseCsvValue('abc', false, attr('Int32', 'Age'), 1234);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PartitionDataError);
    expect(error).toMatchObject({ offset: 1234, column: 'Age', problem: 'value' });
    expect((error as Error).message).toMatch(/'Age'.*"abc".*Edm\.Int32.*1234/);
  });
});

describe(checkFieldCount.name, () => {
  it('accepts exactly one field per column and names both numbers otherwise', () => {
    expect(() => checkFieldCount(3, 3, 0)).not.toThrow();
    expect(() => checkFieldCount(2, 3, 77)).toThrow(/2 fields.*3 columns.*77/);
    expect(() => checkFieldCount(1, 2)).toThrow(expect.objectContaining({ problem: 'fieldCount', offset: 0 }));
  });
});
