import { attribute, type Cell } from './cdm-fixtures';
import type { Json } from './gateway-harness';

/**
 * Rows of the data-source import suites (data-source-import-*.e2e-spec.ts): as their text is
 * in the source files, and as the connector serves them once imported.
 */

export type Row = Readonly<Record<string, Cell>>;

/** Customer rows as their text is in the files (null = unquoted empty field). */
export const CUSTOMERS_A: Row[] = [
  {
    CustomerId: 'C-001',
    FullName: 'Smith, John "JJ"\nsecond line',
    Age: '42',
    Points: '9007199254740993',
    Balance: '12345.6789',
    Score: '-1.5e-7',
    IsActive: 'true',
    BirthDate: '1984-02-29',
    CreatedOn: '2024-03-01T10:00:00+02:00',
    ExternalId: 'A1B2C3D4-0000-4000-8000-00000000000A',
    LegacyCode: 'L-1',
  },
  {
    CustomerId: 'C-002',
    FullName: 'Zoë Ünïcode 東京 🚀',
    Age: '-7',
    Points: '-9223372036854775808',
    Balance: '0.1',
    Score: '3.141592653589793',
    IsActive: 'FALSE',
    BirthDate: '2000-01-01T00:00:00Z',
    CreatedOn: '2024-12-31 23:59:59',
    ExternalId: 'b1b2c3d4-0000-4000-8000-00000000000b',
    LegacyCode: 'L-2',
  },
  { CustomerId: 'C-003', FullName: '', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null, LegacyCode: null },
  {
    CustomerId: 'C-004',
    FullName: '  padded  ',
    Age: '2147483647',
    Points: '+15',
    Balance: '-0.0001',
    Score: '1e308',
    IsActive: '1',
    BirthDate: '2024-01-31',
    CreatedOn: '2024-06-15T12:34:56.789123Z',
    ExternalId: 'c1b2c3d4-0000-4000-8000-00000000000c',
    LegacyCode: 'L-4',
  },
];
/** Written with a header row, columns in yet another order (one header name in other case). */
export const CUSTOMER_B_HEADER = ['Score', 'customerid', 'BirthDate', 'FullName', 'IsActive', 'Age', 'Points', 'CreatedOn', 'Balance', 'ExternalId'];
export const CUSTOMERS_B: Row[] = [
  {
    customerid: 'C-005',
    FullName: 'Line1\r\nLine2',
    Age: '0',
    Points: '0',
    Balance: '100',
    Score: '0',
    IsActive: '0',
    BirthDate: '1970-01-01',
    CreatedOn: '1970-01-01T00:00:00Z',
    ExternalId: 'd1b2c3d4-0000-4000-8000-00000000000d',
  },
  { customerid: 'C-006', FullName: 'Semi;colon, and "quotes" ""', Age: '-2147483648', Points: '123', Balance: '99.95', Score: '2.5', IsActive: 'True', BirthDate: null, CreatedOn: '2023-02-03T04:05:06.7Z', ExternalId: null },
  { customerid: 'C-007', FullName: "O'Brien", Age: '7', Points: '-1', Balance: '0', Score: '-0.5', IsActive: 'false', BirthDate: '1999-12-31', CreatedOn: '2023-02-03T04:05:06-05:30', ExternalId: null },
];

/** The same rows as the connector serves them: typed per the instance entity, in its attribute order. */
export const EXPECTED_CUSTOMERS: Json[] = [
  {
    CustomerId: 'C-001',
    FullName: 'Smith, John "JJ"\nsecond line',
    Age: 42,
    Points: 9007199254740993n,
    Balance: 12345.6789,
    Score: -1.5e-7,
    IsActive: true,
    BirthDate: '1984-02-29',
    CreatedOn: '2024-03-01T08:00:00.000Z',
    ExternalId: 'a1b2c3d4-0000-4000-8000-00000000000a',
  },
  {
    CustomerId: 'C-002',
    FullName: 'Zoë Ünïcode 東京 🚀',
    Age: -7,
    Points: -9223372036854775808n,
    Balance: 0.1,
    Score: 3.141592653589793,
    IsActive: false,
    BirthDate: '2000-01-01',
    CreatedOn: '2024-12-31T23:59:59.000Z',
    ExternalId: 'b1b2c3d4-0000-4000-8000-00000000000b',
  },
  { CustomerId: 'C-003', FullName: '', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null },
  {
    CustomerId: 'C-004',
    FullName: '  padded  ',
    Age: 2147483647,
    Points: 15,
    Balance: -0.0001,
    Score: 1e308,
    IsActive: true,
    BirthDate: '2024-01-31',
    CreatedOn: '2024-06-15T12:34:56.789Z',
    ExternalId: 'c1b2c3d4-0000-4000-8000-00000000000c',
  },
  {
    CustomerId: 'C-005',
    FullName: 'Line1\r\nLine2',
    Age: 0,
    Points: 0,
    Balance: 100,
    Score: 0,
    IsActive: false,
    BirthDate: '1970-01-01',
    CreatedOn: '1970-01-01T00:00:00.000Z',
    ExternalId: 'd1b2c3d4-0000-4000-8000-00000000000d',
  },
  { CustomerId: 'C-006', FullName: 'Semi;colon, and "quotes" ""', Age: -2147483648, Points: 123, Balance: 99.95, Score: 2.5, IsActive: true, BirthDate: null, CreatedOn: '2023-02-03T04:05:06.700Z', ExternalId: null },
  { CustomerId: 'C-007', FullName: "O'Brien", Age: 7, Points: -1, Balance: 0, Score: -0.5, IsActive: false, BirthDate: '1999-12-31', CreatedOn: '2023-02-03T09:35:06.000Z', ExternalId: null },
  // Written by writePartition from typed values (headerless, CDM order).
  {
    CustomerId: 'C-008',
    FullName: 'multi\nline, "q"',
    Age: 18,
    Points: 1234567890123456789n,
    Balance: 5.25,
    Score: 1.25,
    IsActive: true,
    BirthDate: '2023-07-04',
    CreatedOn: '2023-07-04T05:06:07.000Z',
    ExternalId: 'e1b2c3d4-0000-4000-8000-00000000000e',
  },
  { CustomerId: 'C-009', FullName: null, Age: null, Points: 9, Balance: null, Score: null, IsActive: false, BirthDate: null, CreatedOn: null, ExternalId: null },
];
/** C-008 and C-009 as typed values in CDM order (for writePartition). */
export const CUSTOMERS_C_TYPED = [
  ['e1b2c3d4-0000-4000-8000-00000000000e', '2023-07-04T05:06:07.000Z', 'C-008', 1234567890123456789n, 'multi\nline, "q"', 'x', '2023-07-04', true, 1.25, 5.25, 18],
  [null, null, 'C-009', 9, null, null, null, false, null, null, null],
] as const;
export const CUSTOMER_C_ATTRIBUTES = [
  attribute('ExternalId', 'Guid'),
  attribute('CreatedOn', 'DateTimeOffset'),
  attribute('CustomerId', 'String'),
  attribute('Points', 'Int64'),
  attribute('FullName', 'String'),
  attribute('LegacyCode', 'String'),
  attribute('BirthDate', 'Date'),
  attribute('IsActive', 'Boolean'),
  attribute('Score', 'Double'),
  attribute('Balance', 'Decimal'),
  attribute('Age', 'Int32'),
];

export const ORDER_A_HEADER = ['OrderId', 'Quantity', 'CustomerId', 'Channel', 'OrderedAt', 'Total', 'Note'];
export const ORDERS_A: Row[] = [
  { OrderId: 'O-1', Quantity: '3', CustomerId: 'C-001', Channel: 'web', OrderedAt: '2024-05-01T09:00:00Z', Total: '29.97', Note: 'gift, wrap it\n"fragile"' },
  { OrderId: 'O-2', Quantity: '1', CustomerId: 'C-002', Channel: 'store', OrderedAt: '2024-05-02T10:30:00.5+01:00', Total: '0.01', Note: null },
];
/** Headerless, `;`-delimited, in CDM order. */
export const ORDERS_B: Row[] = [
  { Note: 'semi;colon', OrderId: 'O-3', Total: '1000000.5', CustomerId: 'C-005', OrderedAt: '2024-05-03T00:00:00Z', Quantity: '100' },
  { Note: '', OrderId: 'O-4', Total: '-5', CustomerId: 'C-999', OrderedAt: null, Quantity: '-1' },
];
export const EXPECTED_ORDERS: Json[] = [
  { OrderId: 'O-1', CustomerId: 'C-001', Quantity: 3, Total: 29.97, OrderedAt: '2024-05-01T09:00:00.000Z', Note: 'gift, wrap it\n"fragile"' },
  { OrderId: 'O-2', CustomerId: 'C-002', Quantity: 1, Total: 0.01, OrderedAt: '2024-05-02T09:30:00.500Z', Note: null },
  { OrderId: 'O-3', CustomerId: 'C-005', Quantity: 100, Total: 1000000.5, OrderedAt: '2024-05-03T00:00:00.000Z', Note: 'semi;colon' },
  { OrderId: 'O-4', CustomerId: 'C-999', Quantity: -1, Total: -5, OrderedAt: null, Note: '' },
];

export const SMALL_CUSTOMERS: Row[] = [
  { CustomerId: 'C-001', FullName: 'Renamed', Age: '43', Points: '1', Balance: '2', Score: '3', IsActive: 'true', BirthDate: '1984-02-29', CreatedOn: '2025-01-01T00:00:00Z', ExternalId: null },
  { CustomerId: 'C-100', FullName: 'New', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null },
];
export const SMALL_EXPECTED_CUSTOMERS: Json[] = [
  { CustomerId: 'C-001', FullName: 'Renamed', Age: 43, Points: 1, Balance: 2, Score: 3, IsActive: true, BirthDate: '1984-02-29', CreatedOn: '2025-01-01T00:00:00.000Z', ExternalId: null },
  { CustomerId: 'C-100', FullName: 'New', Age: null, Points: null, Balance: null, Score: null, IsActive: null, BirthDate: null, CreatedOn: null, ExternalId: null },
];
export const SMALL_ORDERS: Row[] = [{ OrderId: 'O-9', CustomerId: 'C-100', Quantity: '2', Total: '4.5', OrderedAt: '2025-02-02T02:02:02Z', Note: 'only one' }];
export const SMALL_EXPECTED_ORDERS: Json[] = [{ OrderId: 'O-9', CustomerId: 'C-100', Quantity: 2, Total: 4.5, OrderedAt: '2025-02-02T02:02:02.000Z', Note: 'only one' }];
