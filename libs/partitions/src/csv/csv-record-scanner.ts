import { PartitionDataError, type PartitionDataProblem } from '../partition-errors';
import type { CsvFormat } from '../partition-types';
import { CsvFieldDecoder, FIELD_ESCAPED, FIELD_QUOTED } from './csv-field-decoder';
import { csvFormatBytes } from './csv-format';
import type { CsvField, CsvRecord, CsvScanOptions } from './csv-record';

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];
const NO_FIELDS: readonly CsvField[] = Object.freeze([]);

// Scanner states. A state is all that must survive a chunk boundary.
const LINE_START = 0; // between records; CR and LF here are empty lines
const FIELD_START = 1; // just after a delimiter (or the first byte of a record)
const UNQUOTED = 2;
const QUOTED = 3;
const AFTER_QUOTE = 4; // a quote inside a quoted field: doubled, or the closing one?
const AFTER_CR = 5; // a record ended with CR; an LF next belongs to it
const AT_BOM = 6; // at offset 0: skipping a UTF-8 byte order mark

/**
 * Splits a byte stream into CSV records (RFC 4180 with LF, CRLF or lone CR line breaks),
 * starting at a known record boundary. Feed chunks with {@link push}, then call {@link end}.
 * Empty lines are consumed and yield nothing.
 *
 * It holds at most the bytes of one partial record besides the chunk it is given. Delimiter
 * and quote are ASCII, so scanning bytes is safe for UTF-8; each record is UTF-8-checked and
 * decoded only once it is complete. Errors are {@link PartitionDataError}s naming the absolute
 * offset of the record at fault.
 *
 * The generators are lazy: a consumer may stop early, but must then drop the scanner.
 */
export class CsvRecordScanner {
  /** See {@link CsvScanOptions.decodeFrom}; may be changed between records. */
  decodeFrom: number;

  private readonly delimiter: number;
  private readonly quote: number;
  private readonly decoder: CsvFieldDecoder;

  private state: number;
  private base: number;
  private recordStart: number;
  private fieldStart = 0;
  private fieldEscaped = false;
  private contentEnd = 0;
  private bomMatched = 0;
  /** The fields of the record in progress (arrays reused from record to record). */
  private readonly positions = { starts: [] as number[], ends: [] as number[], flags: [] as number[], count: 0 };
  /** Bytes of the record in progress that came in earlier chunks (copies, not views). */
  private carry: Buffer[] = [];
  /** The record {@link advance} just completed, for {@link push} to yield. */
  private completed: CsvRecord | undefined;
  /** Chunk index of the next LF / quote / CR at or after the scan position (chunk length: none). */
  private nextLf = -1;
  private nextQuote = -1;
  private nextCr = -1;

  constructor(format: CsvFormat, offset = 0, options: CsvScanOptions = {}) {
    const bytes = csvFormatBytes(format);
    this.delimiter = bytes.delimiter;
    this.quote = bytes.quote;
    this.decoder = new CsvFieldDecoder(format);
    this.base = offset;
    this.recordStart = offset;
    this.state = offset === 0 ? AT_BOM : LINE_START;
    this.decodeFrom = options.decodeFrom ?? offset;
  }

  /** Absolute offset of the next byte to push. */
  get offset(): number {
    return this.base;
  }

  /** Yields the records this chunk completes. */
  *push(chunk: Buffer): Generator<CsvRecord, void, undefined> {
    const base = this.base;
    const n = chunk.length;
    this.base = base + n;
    this.nextLf = -1;
    this.nextQuote = -1;
    this.nextCr = -1;
    this.decoder.setChunk(chunk);
    let i = 0;
    while (i < n) {
      // The scan itself is a plain method: generators optimise poorly, so only yield here.
      i = this.advance(chunk, i, base);
      const record = this.completed;
      if (record !== undefined) {
        this.completed = undefined;
        yield record;
      }
    }
    this.decoder.release();
    if (this.state !== LINE_START) {
      this.carry.push(Buffer.from(chunk.subarray(Math.max(0, this.recordStart - base))));
    }
  }

  /** Yields the last record when the data does not end with a line break; throws when a quote is left open. */
  *end(): Generator<CsvRecord, void, undefined> {
    const eof = this.base;
    const state = this.state;
    this.state = LINE_START;
    switch (state) {
      case AT_BOM:
        if (this.bomMatched === 0) return;
        this.fieldStart = 0;
        this.positions.count = 0;
        this.addField(eof, 0);
        break;
      case FIELD_START:
        this.fieldStart = eof;
        this.addField(eof, 0);
        break;
      case UNQUOTED:
        this.addField(eof, 0);
        break;
      case QUOTED:
        throw this.error('truncated', 'a quoted field is not closed before the end of the data');
      case AFTER_QUOTE:
        this.addField(eof - 1, this.fieldEscaped ? FIELD_QUOTED | FIELD_ESCAPED : FIELD_QUOTED);
        break;
      case AFTER_CR:
        yield this.complete(eof, this.contentEnd, undefined, eof);
        return;
      default:
        return;
    }
    yield this.complete(eof, eof, undefined, eof);
  }

  /**
   * Runs the state machine from chunk index i until a record completes (left in
   * `completed`) or the chunk ends; returns the index it stopped at.
   */
  private advance(chunk: Buffer, i: number, base: number): number {
    const n = chunk.length;
    const { delimiter, quote } = this;
    while (i < n) {
      switch (this.state) {
        case LINE_START: {
          let c = chunk[i];
          while (c === LF || c === CR) {
            if (++i === n) return n;
            c = chunk[i];
          }
          this.recordStart = base + i;
          this.positions.count = 0;
          const next = this.plainLine(chunk, i, base);
          if (next > 0) return next;
          this.state = FIELD_START;
          break;
        }
        case FIELD_START:
          if (chunk[i] === quote) {
            this.fieldStart = base + i + 1;
            this.fieldEscaped = false;
            this.state = QUOTED;
            i++;
          } else {
            this.fieldStart = base + i;
            this.state = UNQUOTED;
          }
          break;
        case UNQUOTED: {
          let c = 0;
          let j = i;
          for (; j < n; j++) {
            c = chunk[j];
            if (c === delimiter || c === LF || c === CR || c === quote) break;
          }
          if (j === n) return n;
          if (c === quote) throw this.error('quote', `quote character in the middle of an unquoted field at byte ${base + j}`);
          this.addField(base + j, 0);
          i = this.afterField(c, chunk, j, base);
          if (this.completed !== undefined) return i;
          break;
        }
        case QUOTED: {
          const j = chunk.indexOf(quote, i);
          if (j < 0) return n;
          i = j + 1;
          this.state = AFTER_QUOTE;
          break;
        }
        case AFTER_QUOTE: {
          const c = chunk[i];
          if (c === quote) {
            this.fieldEscaped = true;
            this.state = QUOTED;
            i++;
            break;
          }
          if (c !== delimiter && c !== LF && c !== CR) {
            throw this.error('quote', `unexpected character after a closing quote at byte ${base + i}`);
          }
          this.addField(base + i - 1, this.fieldEscaped ? FIELD_QUOTED | FIELD_ESCAPED : FIELD_QUOTED);
          i = this.afterField(c, chunk, i, base);
          if (this.completed !== undefined) return i;
          break;
        }
        case AFTER_CR:
          if (chunk[i] === LF) i++;
          this.state = LINE_START;
          this.completed = this.complete(base + i, this.contentEnd, chunk, base);
          return i;
        case AT_BOM:
          i = this.skipBom(chunk[i], i);
          break;
      }
    }
    return n;
  }

  /** A field ended at chunk index j with byte c (delimiter, LF or CR); returns the next index. */
  private afterField(c: number, chunk: Buffer, j: number, base: number): number {
    if (c === this.delimiter) this.state = FIELD_START;
    else if (c === LF) {
      this.state = LINE_START;
      this.completed = this.complete(base + j + 1, base + j, chunk, base);
    } else {
      this.contentEnd = base + j;
      this.state = AFTER_CR;
    }
    return j + 1;
  }

  /**
   * The fast path for the common record: its line ends in this chunk and holds no quote and
   * no CR (but a CRLF's), so it is framed by one memchr and split on the delimiter. Returns
   * the index after the line, or 0 when the state machine must take the record.
   */
  private plainLine(chunk: Buffer, i: number, base: number): number {
    const n = chunk.length;
    // Next LF, quote and CR are found once and reused until passed: no rescans of a chunk
    // (lines ended by lone CRs must not each search the chunk for an LF).
    if (this.nextLf < i) this.nextLf = indexOr(chunk, LF, i, n);
    const lf = this.nextLf;
    if (lf === n) return 0;
    if (this.nextQuote < i) this.nextQuote = indexOr(chunk, this.quote, i, n);
    if (this.nextQuote < lf) return 0;
    if (this.nextCr < i) this.nextCr = indexOr(chunk, CR, i, n);
    let contentEnd = lf;
    if (this.nextCr < lf) {
      if (this.nextCr !== lf - 1) return 0;
      contentEnd = lf - 1;
    }
    const start = base + i;
    const fields = start >= this.decodeFrom ? this.decoder.plainLine(i, contentEnd, start) : NO_FIELDS;
    this.completed = { start, end: base + lf + 1, fields };
    return lf + 1;
  }

  private skipBom(c: number, i: number): number {
    if (c === BOM[this.bomMatched]) {
      if (++this.bomMatched === BOM.length) {
        this.state = LINE_START;
        this.carry = [];
      }
      return i + 1;
    }
    if (this.bomMatched === 0) {
      this.state = LINE_START;
    } else {
      // Not a BOM after all: those bytes open an unquoted field (and will fail the UTF-8 check).
      this.recordStart = 0;
      this.positions.count = 0;
      this.fieldStart = 0;
      this.state = UNQUOTED;
    }
    return i;
  }

  private addField(end: number, flags: number): void {
    const positions = this.positions;
    const k = positions.count++;
    positions.starts[k] = this.fieldStart;
    positions.ends[k] = end;
    positions.flags[k] = flags;
  }

  private complete(end: number, contentEnd: number, chunk: Buffer | undefined, base: number): CsvRecord {
    const start = this.recordStart;
    const fields = start >= this.decodeFrom ? this.decode(start, contentEnd, chunk, base) : NO_FIELDS;
    this.carry = [];
    this.positions.count = 0;
    return { start, end, fields };
  }

  /** Decodes the fields of the record [start, contentEnd); its bytes are in carry + chunk. */
  private decode(start: number, contentEnd: number, chunk: Buffer | undefined, base: number): CsvField[] {
    if (chunk !== undefined && start >= base) return this.decoder.framedInChunk(base, start, contentEnd, this.positions);
    const parts = this.carry;
    if (chunk !== undefined && contentEnd > base) parts.push(chunk.subarray(0, contentEnd - base));
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    return this.decoder.framed(bytes, start, start, contentEnd, this.positions);
  }

  private error(problem: PartitionDataProblem, message: string): PartitionDataError {
    return new PartitionDataError(`${message} (record at byte ${this.recordStart})`, this.recordStart, { problem });
  }
}

function indexOr(chunk: Buffer, byte: number, from: number, none: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? none : at;
}
