import type { CdmCsvFormat } from './cdm-folder';
import { quote, type JsonAt, type JsonItem } from './json-input';

/**
 * CSV settings, read from either spelling CDM has for them:
 *
 *   model.json  "fileFormatSettings": { "$type": "CsvFormatSettings", "columnHeaders": false, "delimiter": "," }
 *   manifest    "exhibitsTraits": [{ "traitReference": "is.partition.format.CSV",
 *                                    "arguments": [{ "name": "columnHeaders", "value": "true" }, …] }]
 *
 * Both go through one reader, so a partition means the same thing whichever file described it.
 * Every setting that changes how bytes are read is checked; one we cannot honour fails
 * loudly rather than yielding silently misread rows.
 */

/** CDM defaults (CsvFormatSettings): no header row, comma, double quote. */
export const CDM_CSV_DEFAULTS: Readonly<CdmCsvFormat> = { hasHeader: false, delimiter: ',', quote: '"' };

const QUOTE_STYLES = ['QuoteStyle.Csv', 'QuoteStyle.None'];
const CSV_STYLES = ['CsvStyle.QuoteAlways', 'CsvStyle.QuoteAfterDelimiter'];

/** Looks up one setting by name; undefined when the file does not give it. */
export type CsvSettingLookup = (name: string) => JsonItem | undefined;

export function readCsvSettings(get: CsvSettingLookup): CdmCsvFormat {
  const hasHeader = readBoolean(get('columnHeaders')) ?? CDM_CSV_DEFAULTS.hasHeader;
  const quoteChar = readChar(get('quote')) ?? CDM_CSV_DEFAULTS.quote;
  const delimiter = readChar(get('delimiter')) ?? CDM_CSV_DEFAULTS.delimiter;
  const clash = delimiter === quoteChar ? (get('delimiter') ?? get('quote')) : undefined;
  if (clash) throw clash.at.error(`${quote(delimiter)}: the delimiter must differ from the quote character`);

  const quoteStyle = readEnum(get('quoteStyle'), QUOTE_STYLES);
  if (quoteStyle?.value === 'QuoteStyle.None') {
    // Unquoted CSV reads a value that begins with '"' differently; we only parse quoted CSV.
    throw quoteStyle.at.error(`'QuoteStyle.None' is not supported (only QuoteStyle.Csv: quoted values)`);
  }
  // Both csv styles are read the same way (a quote opens a value only after a delimiter); checked for typos only.
  readEnum(get('csvStyle'), CSV_STYLES);

  const encoding = readString(get('encoding'));
  if (encoding && !/^utf-?8$/i.test(encoding.value)) throw encoding.at.error(`${quote(encoding.value)} is not supported (only UTF-8)`);

  // BC's export writes `escape`; quotes inside values must be escaped by doubling them.
  const escape = readString(get('escape'));
  if (escape && escape.value !== quoteChar) {
    throw escape.at.error(`${quote(escape.value)} is not supported (quotes must be escaped by doubling them)`);
  }
  return { hasHeader, delimiter, quote: quoteChar };
}

/** One ASCII character other than CR and LF, which end records. */
export function checkCsvChar(value: string, at: JsonAt): string {
  const code = value.charCodeAt(0);
  if (value.length !== 1 || code > 0x7f || value === '\r' || value === '\n') {
    throw at.error(`${quote(value)} must be one ASCII character other than CR and LF`);
  }
  return value;
}

function readString(item: JsonItem | undefined): { value: string; at: JsonAt } | undefined {
  if (item === undefined) return undefined;
  if (typeof item.value !== 'string') throw item.at.error(`must be a string (got ${JSON.stringify(item.value)})`);
  return { value: item.value, at: item.at };
}

function readChar(item: JsonItem | undefined): string | undefined {
  const text = readString(item);
  return text && checkCsvChar(text.value, text.at);
}

/** model.json writes a JSON boolean; trait arguments are strings ("true"). Both are accepted. */
function readBoolean(item: JsonItem | undefined): boolean | undefined {
  if (item === undefined) return undefined;
  if (typeof item.value === 'boolean') return item.value;
  if (typeof item.value === 'string' && /^(true|false)$/i.test(item.value)) return item.value.toLowerCase() === 'true';
  return item.at.fail(`must be true or false (got ${JSON.stringify(item.value)})`);
}

function readEnum(item: JsonItem | undefined, allowed: readonly string[]): { value: string; at: JsonAt } | undefined {
  const text = readString(item);
  if (text && !allowed.includes(text.value)) throw text.at.error(`${quote(text.value)} is not one of ${allowed.join(', ')}`);
  return text;
}

/**
 * The name a partition gets when the file gives none: the last segment of its location,
 * without query string, URL-decoded for absolute URLs (ADLS locations are percent-encoded).
 */
export function fileNameOf(location: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(location);
  const path = isUrl ? location.replace(/[?#].*$/s, '') : location;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!isUrl) return name;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
