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
 * Creating strings is what decoding costs, so it creates as few as it can. The chunk being
 * scanned is checked once, when its first record is decoded: if it is all ASCII (the common
 * case) it is decoded once as latin1 and each field is a slice of that text (byte offsets are
 * character offsets); otherwise its bytes up to its last LF are checked for UTF-8 once, and
 * records within them are decoded without checks of their own. Records that straddle
 * chunks are checked and decoded on their own.
 */
export class CsvFieldDecoder {
  private readonly delimiter: string;
  private readonly quote: string;
  private readonly doubledQuote: string;
  private chunk: Buffer = Buffer.alloc(0);
  private checked = false;
  /** The chunk's text when it is all ASCII. */
  private asciiText: string | undefined;
  /** Chunk bytes before this index are known to be UTF-8 (a record within them needs no check). */
  private utf8Until = 0;
  /** The text last searched for a delimiter, and the first delimiter found at or after the search start. */
  private searched: string | undefined;
  private nextDelimiter = -1;

  constructor(format: CsvFormat) {
    this.delimiter = format.delimiter;
    this.quote = format.quote;
    this.doubledQuote = format.quote + format.quote;
  }

  /** The chunk the next in-chunk records come from (checked lazily, only if one is decoded). */
  setChunk(chunk: Buffer): void {
    this.chunk = chunk;
    this.checked = false;
    this.asciiText = undefined;
    this.searched = undefined;
  }

  /** A record known to hold no quote, at chunk indexes [from, to): its fields are the text between delimiters. */
  plainLine(from: number, to: number, offset: number): CsvField[] {
    this.check();
    if (this.asciiText !== undefined) return this.split(this.asciiText, from, to);
    if (to > this.utf8Until) return this.split(this.text(this.chunk, from, to, offset), 0, Infinity);
    const text = this.chunk.toString('utf8', from, to);
    return this.split(text, 0, text.length);
  }

  /** A record framed by the scanner, within the chunk (whose first byte is at absolute offset `base`). */
  framedInChunk(base: number, start: number, contentEnd: number, fieldsAt: FieldPositions): CsvField[] {
    this.check();
    const { starts, ends, flags, count } = fieldsAt;
    const fields = new Array<CsvField>(count);
    const ascii = this.asciiText;
    if (ascii !== undefined) {
      for (let k = 0; k < count; k++) fields[k] = this.field(ascii.slice(starts[k] - base, ends[k] - base), flags[k]);
      return fields;
    }
    if (contentEnd - base > this.utf8Until) return this.framed(this.chunk, base, start, contentEnd, fieldsAt);
    for (let k = 0; k < count; k++) fields[k] = this.field(this.chunk.toString('utf8', starts[k] - base, ends[k] - base), flags[k]);
    return fields;
  }

  /**
   * A record framed by the scanner: field k spans absolute [starts[k], ends[k]) and the
   * record's content [start, contentEnd); `bytes[0]` is at absolute offset `at`.
   */
  framed(bytes: Buffer, at: number, start: number, contentEnd: number, fieldsAt: FieldPositions): CsvField[] {
    const { starts, ends, flags, count } = fieldsAt;
    const fields = new Array<CsvField>(count);
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

  /** Forgets the chunk and its text, so that neither is kept past its chunk. */
  release(): void {
    this.setChunk(Buffer.alloc(0));
  }

  private check(): void {
    if (this.checked) return;
    this.checked = true;
    const chunk = this.chunk;
    if (isAscii(chunk)) {
      this.asciiText = chunk.toString('latin1');
      return;
    }
    // Up to the last LF: a chunk may end inside a character, but records never contain an LF
    // unquoted and always start on a character boundary.
    const last = chunk.lastIndexOf(0x0a);
    this.utf8Until = last > 0 && isUtf8(chunk.subarray(0, last)) ? last : 0;
  }

  private split(text: string, from: number, to: number): CsvField[] {
    const end = Math.min(to, text.length);
    const fields: CsvField[] = [];
    for (let a = from; ; ) {
      // A chunk's text is searched past the line's end; keep what was found for the next lines.
      if (text !== this.searched || this.nextDelimiter < a) {
        this.searched = text;
        const found = text.indexOf(this.delimiter, a);
        this.nextDelimiter = found < 0 ? text.length : found;
      }
      const b = Math.min(this.nextDelimiter, end);
      fields.push({ text: text.slice(a, b), quoted: false });
      if (b === end) return fields;
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
