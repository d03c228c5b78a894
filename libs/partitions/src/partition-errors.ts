/**
 * Domain errors of the partition reader. They carry a stable code and no HTTP status:
 * the gateway maps them in its exception filter (PartitionOffsetError → 400; a
 * PartitionDataError is the partition's fault, not the caller's).
 *
 * Codes are stable strings and never reused.
 */
export const PartitionErrorCode = {
  /** `offsetStart` is not 0, not a record boundary, or past the end of the partition. */
  Offset: 'PARTITION_OFFSET',
  /** The partition's bytes are not the CSV its format promises (encoding, quoting, values, columns). */
  Data: 'PARTITION_DATA',
} as const;
export type PartitionErrorCode = (typeof PartitionErrorCode)[keyof typeof PartitionErrorCode];

/** What exactly is wrong with the data; lets callers and tests tell failures apart without parsing messages. */
export type PartitionDataProblem =
  /** Bytes that are not UTF-8. */
  | 'encoding'
  /** A quote opened and never closed before the end of the data. */
  | 'truncated'
  /** A quote inside an unquoted field, or anything but a delimiter or line break after a closing quote. */
  | 'quote'
  /** A field whose text is not a value of its column's type. */
  | 'value'
  /** A record with more or fewer fields than the partition has columns. */
  | 'fieldCount'
  /** A header row that does not name the entity's attributes. */
  | 'header'
  /** The partition changed (was replaced or cut) while it was being read. */
  | 'changed';

/** Optional detail of a {@link PartitionDataError}. */
export interface PartitionDataErrorDetail {
  readonly problem?: PartitionDataProblem;
  /** The column at fault, when there is one. */
  readonly column?: string;
}

/**
 * The partition holds bytes that are not valid CSV of the expected shape. The message names
 * the record's byte offset when it is known; `offset` is 0 when it is not.
 */
export class PartitionDataError extends Error {
  readonly code = PartitionErrorCode.Data;
  readonly problem?: PartitionDataProblem;
  readonly column?: string;

  constructor(
    message: string,
    /** Absolute byte offset of the record at fault. */
    readonly offset: number,
    detail: PartitionDataErrorDetail = {},
  ) {
    super(message);
    this.name = 'PartitionDataError';
    this.problem = detail.problem;
    this.column = detail.column;
  }
}

/** The requested start offset is not a place a read may start. */
export class PartitionOffsetError extends Error {
  readonly code = PartitionErrorCode.Offset;

  constructor(
    message: string,
    /** The offset asked for. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PartitionOffsetError';
  }
}
