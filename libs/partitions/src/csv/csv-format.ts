import type { CsvFormat } from '../partition-types';

/** A format's delimiter and quote as the single bytes the scanner and writer work with. */
export interface CsvFormatBytes {
  readonly delimiter: number;
  readonly quote: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Checks that delimiter and quote are distinct single ASCII characters other than CR and LF.
 * Only then is scanning bytes safe: no byte of a multibyte UTF-8 sequence is ASCII.
 */
export function csvFormatBytes(format: CsvFormat): CsvFormatBytes {
  const delimiter = asciiByte(format.delimiter, 'delimiter');
  const quote = asciiByte(format.quote, 'quote');
  if (delimiter === quote) throw new RangeError('CSV delimiter and quote must differ');
  return { delimiter, quote };
}

function asciiByte(text: string, what: string): number {
  const code = text.length === 1 ? text.charCodeAt(0) : -1;
  if (code < 0 || code > 0x7f || code === LF || code === CR) {
    throw new RangeError(`CSV ${what} must be one ASCII character other than CR and LF, got ${JSON.stringify(text)}`);
  }
  return code;
}
