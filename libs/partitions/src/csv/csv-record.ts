/** A field's text, quotes removed and doubled quotes undone, and whether it was quoted. */
export interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

/**
 * One CSV record and where it lies in the partition:
 *
 *   a,"b ""c""\r\n      start = 0, end = 12 (just after the CRLF)
 *                       fields = [{ text: 'a', quoted: false }, { text: 'b "c"', quoted: true }]
 */
export interface CsvRecord {
  /** Absolute offset of the record's first byte. */
  readonly start: number;
  /** Absolute offset just after its line terminator (the end of data for a last line without one). */
  readonly end: number;
  /** Empty for records that start before `decodeFrom` (framed only). */
  readonly fields: readonly CsvField[];
}

export interface CsvScanOptions {
  /**
   * Records that start before this absolute offset are framed (start, end, quoting checked)
   * but neither UTF-8-checked nor decoded: their `fields` are empty. Defaults to the start
   * offset (decode everything); `Infinity` finds boundaries only.
   */
  readonly decodeFrom?: number;
}
