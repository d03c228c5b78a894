import type { CsvFormat } from '../partition-types';
import type { CsvRecord, CsvScanOptions } from './csv-record';
import { CsvRecordScanner } from './csv-record-scanner';

/** Scans a whole chunk stream: every record from `offset` to the end of the data. */
export async function* scanCsvRecords(
  chunks: AsyncIterable<Buffer>,
  format: CsvFormat,
  offset = 0,
  options: CsvScanOptions = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  const scanner = new CsvRecordScanner(format, offset, options);
  for await (const chunk of chunks) yield* scanner.push(chunk);
  yield* scanner.end();
}
