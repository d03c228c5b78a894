import type { AttributeMetadata } from '@app/odata';
import type { ItemRecord, ItemValue } from '../storage-driver.interface';

/** A driver's column decoder: database value → JSON-ready value (each database has its own types). */
export type ReadColumn = (attribute: AttributeMetadata, raw: unknown) => ItemValue;

/** A row as the drivers read it: an array of column values, matched by position. */
export type RawRow = readonly unknown[];

/**
 * A record as a converted value array: no per-record object with named properties unless a
 * caller reads `values` (built once, on demand). Full reads serialise millions of these.
 */
export class RowRecord implements ItemRecord {
  private materialised?: Record<string, ItemValue>;

  constructor(
    readonly columns: readonly ItemValue[],
    readonly layout: readonly AttributeMetadata[],
    readonly etag: string,
  ) {}

  get values(): Readonly<Record<string, ItemValue>> {
    if (!this.materialised) {
      const values: Record<string, ItemValue> = {};
      for (let i = 0; i < this.layout.length; i++) values[this.layout[i].name] = this.columns[i];
      this.materialised = values;
    }
    return this.materialised;
  }
}

/**
 * `attributes` are the row's leading columns, in order; the version is at `etagColumn`
 * (by default right after them, as a read of every attribute and the version returns it).
 */
export function toRecord(readColumn: ReadColumn, attributes: readonly AttributeMetadata[], row: RawRow, etagColumn = attributes.length): ItemRecord {
  const columns = new Array<ItemValue>(attributes.length);
  for (let i = 0; i < attributes.length; i++) columns[i] = readColumn(attributes[i], row[i]);
  return new RowRecord(columns, attributes, String(row[etagColumn]));
}
