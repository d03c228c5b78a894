import type { CsvFormat, CsvValue } from '../partition-types';
import { csvFormatBytes } from './csv-format';

/**
 * One CSV record, without its line terminator. Fields are quoted only when they must be:
 * when they hold the delimiter, the quote, CR or LF, or start or end with a space.
 *
 *   ['a', null, '', 'x,y', 'say "hi"', 12n, true, 1.5] → a,,"","x,y","say ""hi""",12,true,1.5
 *
 * Reading it back with {@link parseCsvValue} gives the values again (an empty string only
 * for String columns: a quoted empty field is null for every other type).
 */
export function encodeCsvRecord(values: readonly CsvValue[], format: CsvFormat): string {
  csvFormatBytes(format);
  let line = '';
  for (let k = 0; k < values.length; k++) {
    if (k > 0) line += format.delimiter;
    line += encodeCsvValue(values[k], format);
  }
  return line;
}

function encodeCsvValue(value: CsvValue, format: CsvFormat): string {
  switch (typeof value) {
    case 'string':
      return encodeText(value, format);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`${value} has no CSV form: only finite numbers do`);
      return String(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return '';
  }
}

function encodeText(text: string, format: CsvFormat): string {
  const { delimiter, quote } = format;
  if (text === '') return quote + quote;
  const mustQuote =
    text.includes(delimiter) ||
    text.includes(quote) ||
    text.includes('\n') ||
    text.includes('\r') ||
    text.startsWith(' ') ||
    text.endsWith(' ');
  return mustQuote ? quote + text.replaceAll(quote, quote + quote) + quote : text;
}
