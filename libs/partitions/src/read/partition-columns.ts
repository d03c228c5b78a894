import type { AttributeMetadata } from '@app/odata';
import { checkFieldCount, parseCsvValue } from '../csv/csv-value';
import type { CsvField, CsvRecord } from '../csv/csv-record';
import { PartitionDataError } from '../partition-errors';
import type { CsvValue } from '../partition-types';

/**
 * Which field of a record feeds each selected attribute:
 *
 *   attributes [Id, Name, City], header "city,ID,name", select [Name, Id]
 *   → width 3, fields [2, 1]
 */
export interface ColumnPlan {
  /** Fields every record must have. */
  readonly width: number;
  /** For each selected attribute (select order), its field index. */
  readonly fields: readonly number[];
  readonly select: readonly AttributeMetadata[];
}

/** Headerless partitions hold the attributes in entity order. */
export function planByPosition(attributes: readonly AttributeMetadata[], select: readonly AttributeMetadata[]): ColumnPlan {
  return { width: attributes.length, fields: select.map((a) => positionOf(attributes, a)), select };
}

/**
 * A header row names each attribute once, in any order and any case.
 * @throws PartitionDataError when it names an unknown column, one twice, or misses one.
 */
export function planByHeader(
  attributes: readonly AttributeMetadata[],
  select: readonly AttributeMetadata[],
  header: readonly CsvField[],
  offset: number,
): ColumnPlan {
  const byName = new Map(attributes.map((a, i) => [a.name.toLowerCase(), i]));
  const columnOf = new Array<number>(attributes.length).fill(-1);
  const unknown: string[] = [];
  for (const [column, field] of header.entries()) {
    const attribute = byName.get(field.text.toLowerCase());
    if (attribute === undefined) unknown.push(field.text);
    else if (columnOf[attribute] >= 0) throw headerError(`the header names column '${field.text}' twice`, offset);
    else columnOf[attribute] = column;
  }
  const missing = attributes.filter((_, i) => columnOf[i] < 0).map((a) => a.name);
  if (unknown.length > 0 || missing.length > 0) {
    const problems = [
      unknown.length > 0 ? `names unknown columns ${list(unknown)}` : '',
      missing.length > 0 ? `lacks columns ${list(missing)}` : '',
    ].filter((p) => p !== '');
    throw headerError(`the header ${problems.join(' and ')}; the entity's columns are ${list(attributes.map((a) => a.name))}`, offset);
  }
  return { width: header.length, fields: select.map((a) => columnOf[positionOf(attributes, a)]), select };
}

/**
 * One record's selected values, typed.
 * @throws PartitionDataError for a wrong field count or a value that does not parse.
 */
export function readRow(record: CsvRecord, plan: ColumnPlan): CsvValue[] {
  const { fields } = record;
  checkFieldCount(fields.length, plan.width, record.start);
  const row = new Array<CsvValue>(plan.fields.length);
  for (let k = 0; k < plan.fields.length; k++) {
    const field = fields[plan.fields[k]];
    row[k] = parseCsvValue(field.text, field.quoted, plan.select[k], record.start);
  }
  return row;
}

function positionOf(attributes: readonly AttributeMetadata[], attribute: AttributeMetadata): number {
  let position = attributes.indexOf(attribute);
  if (position < 0) position = attributes.findIndex((a) => a.name === attribute.name);
  if (position < 0) throw new RangeError(`select names '${attribute.name}', which is not an attribute of the entity`);
  return position;
}

function headerError(message: string, offset: number): PartitionDataError {
  return new PartitionDataError(`${message} (header at byte ${offset})`, offset, { problem: 'header' });
}

function list(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}
