import { isAscii, isUtf8 } from 'node:buffer';
import { PartitionDataError } from '../partition-errors';
import type { CsvFormat } from '../partition-types';
import type { CsvField } from './csv-record';

/** Field flags, as the scanner records them. */
export const FIELD_QUOTED = 1;
export const FIELD_ESCAPED = 2;

/** Where the scanner found a record's fields: absolute [starts[k], ends[k]) and flags, k < count. */
export interface FieldPositions {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly flags: readonly number[];
  readonly count: number;
}

/**
 * Turns the bytes of one complete record into fields, checking they are UTF-8.
 *
 * Creating strings is what decoding costs, so it creates as few as it can: a chunk that is
 * all ASCII (the common case; checked once per chunk) is decoded once as latin1 and each
 * field is a slice of that text, with byte offsets as character offsets. Other records are
 * checked and decoded on their own. Slices may share their chunk's text (V8 sliced strings).
 */
export class CsvFieldDecoder {
  private readonly delimiter: string;
  private readonly quote: string;
  private readonly doubledQuote: string;
  /** The text last searched for a delimiter, and the first delimiter found at or after the search start. */
  private searched: string | undefined;
  private nextDelimiter = -1;

  constructor(format: CsvFormat) {
    this.delimiter = format.delimiter;
    this.quote = format.quote;
    this.doubledQuote = format.quote + format.quote;
  }

  /**
   * A record known to hold no quote, at chunk indexes [from, to): its fields are the text
   * between delimiters. `asciiText` is the whole chunk's text when the chunk is ASCII.
   */
  plainLine(chunk: Buffer, asciiText: string | undefined, from: number, to: number, offset: number): CsvField[] {
    if (asciiText !== undefined) return this.split(asciiText, from, to);
    const text = this.text(chunk, from, to, offset);
    return this.split(text, 0, text.length);
  }

  /**
   * A record framed by the scanner: field k spans absolute [starts[k], ends[k]) and the
   * record's content [start, contentEnd); `bytes[0]` is at absolute offset `at`, and
   * `asciiText`, when given, is the text of all of `bytes`.
   */
  framed(bytes: Buffer, asciiText: string | undefined, at: number, start: number, contentEnd: number, fieldsAt: FieldPositions): CsvField[] {
    const { starts, ends, flags, count } = fieldsAt;
    const fields = new Array<CsvField>(count);
    if (asciiText !== undefined) {
      for (let k = 0; k < count; k++) fields[k] = this.field(asciiText.slice(starts[k] - at, ends[k] - at), flags[k]);
      return fields;
    }
    const content = bytes.subarray(start - at, contentEnd - at);
    if (isAscii(content)) {
      const text = bytes.toString('latin1', start - at, contentEnd - at);
      for (let k = 0; k < count; k++) fields[k] = this.field(text.slice(starts[k] - start, ends[k] - start), flags[k]);
    } else {
      if (!isUtf8(content)) throw notUtf8(start);
      for (let k = 0; k < count; k++) fields[k] = this.field(bytes.toString('utf8', starts[k] - at, ends[k] - at), flags[k]);
    }
    return fields;
  }

  /** Forgets the last chunk's text, so that it is not kept past its chunk. */
  release(): void {
    this.searched = undefined;
  }

  private split(text: string, from: number, to: number): CsvField[] {
    const fields: CsvField[] = [];
    for (let a = from; ; ) {
      // A chunk's text is searched past the line's end; keep what was found for the next lines.
      if (text !== this.searched || this.nextDelimiter < a) {
        this.searched = text;
        const found = text.indexOf(this.delimiter, a);
        this.nextDelimiter = found < 0 ? text.length : found;
      }
      const b = Math.min(this.nextDelimiter, to);
      fields.push({ text: text.slice(a, b), quoted: false });
      if (b === to) return fields;
      a = b + 1;
    }
  }

  private text(bytes: Buffer, from: number, to: number, offset: number): string {
    const content = bytes.subarray(from, to);
    if (isAscii(content)) return bytes.toString('latin1', from, to);
    if (!isUtf8(content)) throw notUtf8(offset);
    return bytes.toString('utf8', from, to);
  }

  private field(text: string, flags: number): CsvField {
    if (flags === 0) return { text, quoted: false };
    return { text: flags & FIELD_ESCAPED ? text.replaceAll(this.doubledQuote, this.quote) : text, quoted: true };
  }
}

function notUtf8(offset: number): PartitionDataError {
  return new PartitionDataError(`the record is not valid UTF-8 (record at byte ${offset})`, offset, { problem: 'encoding' });
}
