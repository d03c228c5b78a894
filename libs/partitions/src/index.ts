/**
 * Public API of the partition library (§5): CDM CSV partitions in the lake, read in whole
 * records from byte offsets and written with a sparse record-boundary index beside them.
 *
 *   await writePartition(lake, file, entity.attributes, rows);
 *   let page = await readPartitionData(lake, file, entity.attributes, { offsetStart: 0, maxSize, maxResults, select });
 *   while (page.offsetEnd < page.size) page = await readPartitionData(lake, file, entity.attributes, { ...request, offsetStart: page.offsetEnd });
 */
export * from './partition-types';
export { PartitionErrorCode, PartitionDataError, PartitionOffsetError } from './partition-errors';
export type { PartitionDataProblem, PartitionDataErrorDetail } from './partition-errors';

export { CsvRecordScanner } from './csv/csv-record-scanner';
export { scanCsvRecords } from './csv/scan-csv-records';
export type { CsvField, CsvRecord, CsvScanOptions } from './csv/csv-record';
export { parseCsvValue, checkFieldCount } from './csv/csv-value';
export { encodeCsvRecord } from './csv/csv-encode';

export { writePartition } from './write/write-partition';
export type { WritePartitionOptions, WrittenPartition } from './write/write-partition';

export { BoundaryIndex, boundaryIndexPath, DEFAULT_BOUNDARY_STEP } from './boundaries/boundary-index';
export type { BoundaryIndexJson } from './boundaries/boundary-index';
export { loadOrBuildBoundaryIndex } from './boundaries/load-boundary-index';
export type { BoundaryIndexOptions } from './boundaries/load-boundary-index';

export { readPartitionData } from './read/read-partition-data';
