import type { AttributeMetadata } from '@app/odata';

/** A typed CSV value, ready for JSON (bigint only for Int64 beyond ±2^53). */
export type CsvValue = string | number | bigint | boolean | null;

/** How a partition's CSV is written (CDM `CsvFormatSettings`). Delimiter and quote are one ASCII byte each. */
export interface CsvFormat {
  readonly hasHeader: boolean;
  readonly delimiter: string;
  readonly quote: string;
}

/** CDM defaults, as Customer Insights writes its own partitions: no header, `,`, `"`. */
export const CDM_CSV: CsvFormat = { hasHeader: false, delimiter: ',', quote: '"' };

/** One partition file in the lake. */
export interface PartitionFile {
  /** Lake path of the CSV file. */
  readonly path: string;
  readonly format: CsvFormat;
}

/** "Retrieve data from a partition" (§5), already range-checked by the caller. */
export interface PartitionReadRequest {
  /** 0 or a record boundary. */
  readonly offsetStart: number;
  /** Stop before the record that would pass this many bytes past offsetStart (≥ 1). */
  readonly maxSize: number;
  /** Stop after this many records (≥ 1). */
  readonly maxResults: number;
  /** Attributes to return, in output order (a subset of the entity's). */
  readonly select: readonly AttributeMetadata[];
  /**
   * Receives each record's values as it is read, instead of `PartitionData.items`: a caller
   * that serialises as it goes keeps no page of values alive (8 MiB of CSV is ~20k records).
   * Only records that belong to the answer are passed.
   */
  readonly onItem?: (values: readonly CsvValue[]) => void;
}

export interface PartitionData {
  readonly offsetStart: number;
  /** Byte just after the last returned record: the next call's offsetStart. */
  readonly offsetEnd: number;
  /** One array per record, values in `select` order (empty when the request has `onItem`). */
  readonly items: readonly (readonly CsvValue[])[];
  /** Records in the answer (`Size`). */
  readonly count: number;
  /** The partition's size when read; offsetEnd === size ⇔ the partition is exhausted. */
  readonly size: number;
}
