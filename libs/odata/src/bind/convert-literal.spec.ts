import type { LiteralKind } from '../ast/syntax';
import { ODataErrorCode, ODataSemanticError } from '../errors/odata-errors';
import type { AttributeMetadata, EdmType } from '../metadata/entity-metadata';
import { catchError } from '../testing/catch-error';
import { convertLiteral } from './convert-literal';
import { normalizeDate, normalizeDateTimeOffset } from './date-time-literal';

const attribute = (type: EdmType): AttributeMetadata => ({ name: `P${type}`, displayName: type, type, nullable: true });

describe(convertLiteral.name, () => {
  const sut = (type: EdmType, literalKind: LiteralKind, text: string) => convertLiteral(attribute(type), { literalKind, text });

  it.each<[EdmType, LiteralKind, string, unknown]>([
    ['String', 'String', "O'Brien", "O'Brien"],
    ['String', 'null', 'null', null],
    ['Guid', 'Guid', '0123ABCD-89AB-CDEF-0123-456789ABCDEF', '0123abcd-89ab-cdef-0123-456789abcdef'],
    ['Guid', 'String', 'AbC', 'AbC'],
    ['Int32', 'Integer', '-2147483648', -2147483648],
    ['Int32', 'Integer', '2147483647', 2147483647],
    ['Int64', 'Integer', '9007199254740993', 9007199254740993n],
    ['Int64', 'Integer', '5', 5n],
    ['Int64', 'Integer', '-9223372036854775808', -9223372036854775808n],
    ['Double', 'Integer', '3', 3],
    ['Double', 'Decimal', '-0.5', -0.5],
    ['Double', 'Double', '1.5e10', 1.5e10],
    ['Decimal', 'Decimal', '12345678901234567890.123', '12345678901234567890.123'],
    ['Decimal', 'Integer', '7', '7'],
    ['Boolean', 'Boolean', 'true', true],
    ['Boolean', 'Boolean', 'false', false],
    ['Date', 'Date', '2020-02-29', '2020-02-29'],
    ['DateTimeOffset', 'DateTimeOffset', '2020-01-01T00:00:00+02:00', '2019-12-31T22:00:00.000Z'],
    ['DateTimeOffset', 'DateTimeOffset', '2020-01-01T00:00:00.1239999Z', '2020-01-01T00:00:00.123Z'],
    ['DateTimeOffset', 'DateTimeOffset', '2020-06-30T23:30:00-01:30', '2020-07-01T01:00:00.000Z'],
    ['DateTimeOffset', 'DateTimeOffset', '2020-01-01T10:00Z', '2020-01-01T10:00:00.000Z'],
    ['DateTimeOffset', 'null', 'null', null],
  ])('%s ← %s %s', (type, kind, text, expected) => {
    expect(sut(type, kind, text)).toEqual(expected);
  });

  it.each<[EdmType, LiteralKind, string]>([
    ['String', 'Integer', '5'],
    ['String', 'Guid', '01234567-89ab-cdef-0123-456789abcdef'],
    ['Int32', 'Integer', '2147483648'],
    ['Int32', 'Decimal', '1.5'],
    ['Int32', 'String', '5'],
    ['Int64', 'Decimal', '1.0'],
    ['Double', 'Double', 'INF'],
    ['Double', 'Double', 'NaN'],
    ['Double', 'String', '1'],
    ['Boolean', 'Integer', '1'],
    ['Date', 'String', 'x'],
    ['Date', 'Date', '2021-02-29'],
    ['Date', 'DateTimeOffset', '2020-01-01T00:00:00Z'],
    ['DateTimeOffset', 'Date', '2020-01-01'],
    ['DateTimeOffset', 'String', '2020-01-01T00:00:00Z'],
    ['DateTimeOffset', 'DateTimeOffset', '2020-13-01T00:00:00Z'],
    ['DateTimeOffset', 'DateTimeOffset', '0001-01-01T00:00:00+01:00'],
    ['Guid', 'Integer', '1'],
    ['String', 'Other', "Ns.Color'Red'"],
  ])('rejects %s ← %s %s with ODATA_TYPE_MISMATCH naming the property', (type, kind, text) => {
    const error = catchError(() => sut(type, kind, text));
    expect(error).toBeInstanceOf(ODataSemanticError);
    expect(error).toMatchObject({ code: ODataErrorCode.TypeMismatch, target: `P${type}` });
  });
});

describe(normalizeDateTimeOffset.name, () => {
  it.each([
    ['2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z'],
    ['2020-01-01t00:00:00z', '2020-01-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00.5+14:00', '2024-02-28T22:00:00.500Z'],
    ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'],
    ['2020-01-01T24:00:00Z', undefined],
    ['2020-01-01T00:60:00Z', undefined],
    ['2020-01-01T00:00:00', undefined],
    ['2020-01-01', undefined],
  ])('%s → %s', (text, expected) => {
    expect(normalizeDateTimeOffset(text)).toBe(expected);
  });

  it('validates dates', () => {
    expect(normalizeDate('2024-02-29')).toBe('2024-02-29');
    expect(normalizeDate('2023-02-29')).toBeUndefined();
    expect(normalizeDate('0000-01-01')).toBeUndefined();
  });
});
