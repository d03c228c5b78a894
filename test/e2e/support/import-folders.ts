import type { Lake } from '@app/lake';
import { writePartition } from '@app/partitions';
import { cdmManifestFiles, csvText, type EntitySpec, modelJsonText, project, writeLakeFolder } from './cdm-fixtures';
import {
  CUSTOMER_B_HEADER,
  CUSTOMER_C_ATTRIBUTES,
  CUSTOMERS_A,
  CUSTOMERS_B,
  CUSTOMERS_C_TYPED,
  ORDER_A_HEADER,
  ORDERS_A,
  ORDERS_B,
  type Row,
} from './import-rows';

/**
 * The instance and the source folders of the data-source import suites
 * (data-source-import-*.e2e-spec.ts): what the gateway is configured with, and the CDM
 * folders (model.json or manifest) written into the lake for it to import.
 */

export const KEY = 'import-admin-key-0123456789';
export const headers = { authorization: `Bearer ${KEY}` };
export const DS = 'shop';
/** Imports here take a few seconds at most (the failing ones well under one); one that hangs fails its test, not the whole file. */
export const IMPORT_TIMEOUT_MS = 15_000;
export const FAILED_IMPORT_TIMEOUT_MS = 5_000;

/** The instance: a profile with every EDM type, and a source entity; attribute order is the instance's. */
export const MANIFEST = {
  name: DS,
  displayName: 'Shop',
  searchIndex: [],
  entities: [
    {
      name: 'Customer',
      kind: 'profile',
      key: 'CustomerId',
      attributes: [
        { name: 'CustomerId', type: 'String' },
        { name: 'FullName', type: 'String' },
        { name: 'Age', type: 'Int32' },
        { name: 'Points', type: 'Int64' },
        { name: 'Balance', type: 'Decimal' },
        { name: 'Score', type: 'Double' },
        { name: 'IsActive', type: 'Boolean' },
        { name: 'BirthDate', type: 'Date' },
        { name: 'CreatedOn', type: 'DateTimeOffset' },
        { name: 'ExternalId', type: 'Guid' },
      ],
    },
    {
      name: 'Orders',
      kind: 'source',
      key: 'OrderId',
      attributes: [
        { name: 'OrderId', type: 'String' },
        { name: 'CustomerId', type: 'String' },
        { name: 'Quantity', type: 'Int32' },
        { name: 'Total', type: 'Decimal' },
        { name: 'OrderedAt', type: 'DateTimeOffset' },
        { name: 'Note', type: 'String' },
      ],
    },
  ],
  dataSources: [
    // The folder calls the order entity SalesOrder: mapped explicitly, Customer first.
    { name: 'pos', kind: 'cdm', location: 'datasources/pos', entities: [{ name: 'Customer' }, { name: 'SalesOrder', entity: 'Orders' }] },
    // Entity names equal the instance's: mapped by default.
    { name: 'lakehouse', kind: 'cdm', location: 'datasources/lakehouse' },
    { name: 'orders-csv', kind: 'csv', location: 'datasources/orders-export.csv', entities: [{ name: 'Orders' }] },
  ],
};

/**
 * The CDM side, in an order unlike the instance's, with an extra column the instance does not
 * have: [name, model.json dataType, manifest dataFormat].
 */
export const CUSTOMER_CDM: readonly (readonly [string, string, string])[] = [
  ['ExternalId', 'guid', 'Guid'],
  ['CreatedOn', 'dateTime', 'DateTimeOffset'],
  ['CustomerId', 'string', 'String'],
  ['Points', 'int64', 'Int64'],
  ['FullName', 'string', 'String'],
  ['LegacyCode', 'string', 'String'],
  ['BirthDate', 'date', 'Date'],
  ['IsActive', 'boolean', 'Boolean'],
  ['Score', 'double', 'Double'],
  ['Balance', 'decimal', 'Decimal'],
  ['Age', 'int64', 'Int32'],
];
export const ORDER_CDM: readonly (readonly [string, string, string])[] = [
  ['Note', 'string', 'String'],
  ['OrderId', 'string', 'String'],
  ['Total', 'decimal', 'Decimal'],
  ['CustomerId', 'string', 'String'],
  ['OrderedAt', 'dateTimeOffset', 'DateTimeOffset'],
  ['Quantity', 'int64', 'Int32'],
];
export const cdmColumns = (cdm: readonly (readonly [string, string, string])[]) => cdm.map(([name]) => name);

export interface FolderOptions {
  readonly format: 'model.json' | 'manifest';
  /** What the folder calls the order entity. */
  readonly orderEntity: string;
}

/**
 * The full source folder: Customer in three partitions (headerless relative; header with an
 * absolute ADLS URL; headerless written by writePartition, absolute blob URL), orders in two
 * (header, relative; headerless `;` at the lake's own location for the file).
 */
export async function writeFullFolder(lake: Lake, folder: string, options: FolderOptions): Promise<void> {
  const { orderEntity } = options;
  const files: Record<string, string> = {
    'Customer/part-a.csv': csvText(CUSTOMERS_A.map((r) => project(r, cdmColumns(CUSTOMER_CDM)))),
    'Customer/part-b.csv': csvText([CUSTOMER_B_HEADER, ...CUSTOMERS_B.map((r) => project(r, CUSTOMER_B_HEADER))], { lineBreak: '\r\n', noFinalBreak: true }),
    [`${orderEntity}/o-a.csv`]: csvText([ORDER_A_HEADER, ...ORDERS_A.map((r) => project(r, ORDER_A_HEADER))]),
    [`${orderEntity}/o-b.csv`]: csvText(ORDERS_B.map((r) => project(r, cdmColumns(ORDER_CDM))), { delimiter: ';' }),
  };
  const entities: EntitySpec[] = [
    {
      name: 'Customer',
      attributes: CUSTOMER_CDM.map(([name, dataType, dataFormat]) => [name, options.format === 'model.json' ? dataType : dataFormat] as const),
      partitions: [
        { name: 'Customer-a', location: 'Customer/part-a.csv', hasHeader: false },
        { location: `https://exported.dfs.core.windows.net/insights/${folder}/Customer/part-b.csv`, hasHeader: true },
        { name: 'Customer-c', location: 'https://elsewhere.blob.core.windows.net/c/x/y/Customer/part-c.csv', hasHeader: false },
      ],
    },
    {
      name: orderEntity,
      attributes: ORDER_CDM.map(([name, dataType, dataFormat]) => [name, options.format === 'model.json' ? dataType : dataFormat] as const),
      partitions: [
        { location: `${orderEntity}/o-a.csv`, hasHeader: true },
        { location: lake.locationOf(`${folder}/${orderEntity}/o-b.csv`), hasHeader: false, delimiter: ';' },
      ],
    },
  ];
  if (options.format === 'model.json') files['model.json'] = modelJsonText('pos', entities);
  else Object.assign(files, cdmManifestFiles('lakehouse', entities));
  await writeLakeFolder(lake, folder, files);
  await writePartition(lake, { path: `${folder}/Customer/part-c.csv`, format: { hasHeader: false, delimiter: ',', quote: '"' } }, CUSTOMER_C_ATTRIBUTES, CUSTOMERS_C_TYPED);
}

/** A small, different version of the folder (re-import replaces rows). */
export async function writeSmallFolder(lake: Lake, folder: string, orderEntity: string, customers: readonly Row[], orders: readonly Row[]): Promise<void> {
  const entities: EntitySpec[] = [
    { name: 'Customer', attributes: CUSTOMER_CDM.map(([n, t]) => [n, t] as const), partitions: [{ location: 'Customer/only.csv', hasHeader: false }] },
    { name: orderEntity, attributes: ORDER_CDM.map(([n, t]) => [n, t] as const), partitions: [{ location: `${orderEntity}/only.csv`, hasHeader: false }] },
  ];
  await writeLakeFolder(lake, folder, {
    'model.json': modelJsonText('pos', entities),
    'Customer/only.csv': csvText(customers.map((r) => project(r, cdmColumns(CUSTOMER_CDM)))),
    [`${orderEntity}/only.csv`]: csvText(orders.map((r) => project(r, cdmColumns(ORDER_CDM)))),
  });
}
