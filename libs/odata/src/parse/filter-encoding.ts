import { isCanonicalFunction } from '../ast/canonical-functions';
import { ODataErrorCode, ODataSyntaxError } from '../errors/odata-errors';

/**
 * Re-encodes a DECODED `$filter` into the percent-encoded ABNF form odata-v4-parser
 * reads, and records where each encoded character came from.
 *
 *   decoded  Name eq 'a b' and startswith(City,'B')
 *   encoded  Name%20eq%20%27a%20b%27%20and%20substring(City,%27B%27)
 *
 * Outside string literals only `[A-Za-z0-9()\,.:\-_/*$@=;~!]` is kept as is, so a `%`
 * the client meant literally (`%2520` arrives as `%20`) is sent as `%25` and is never
 * read as a space. String literals are re-encoded entirely (`'` → `%27`, `''` →
 * `%27%27`, content through encodeURIComponent).
 *
 * Two parser gaps are bridged here, by position, so nothing is guessed later:
 * - it reads `startswith`/`endswith`/`contains`/`geo.intersects` only as a whole
 *   predicate, so `startswith(A,'x') eq true` fails; we spell them `substring` (a
 *   2..3-argument method it accepts anywhere) and restore the name by position;
 * - it cannot read `cast`, `matchespattern`, `case`, `hassubset`, `hassubsequence`;
 *   such a call is replaced by a placeholder member and reported as a call without
 *   arguments (our rules refuse these functions anyway).
 */
export interface EncodedFilter {
  readonly text: string;
  /** `sourceIndex[i]` = index in the decoded text of encoded char `i`; one extra entry for the end. */
  readonly sourceIndex: readonly number[];
  /** Encoded position of a `substring` that really is this boolean function. */
  readonly renamedCalls: ReadonlyMap<number, string>;
  /** Encoded position of a placeholder member that really is a call to this function. */
  readonly opaqueCalls: ReadonlyMap<number, string>;
}

const KEEP = /^[A-Za-z0-9()\\,.:\-_/*$@=;~!]$/;
const IDENT_START = /^[A-Za-z_]$/;
const IDENT_PART = /^[A-Za-z0-9_.]$/;
/** A character that makes the identifier after it part of something else (`$it`, `A/any`, `T00`). */
const NOT_A_CALL_AFTER = /^[A-Za-z0-9_./$]$/;
/** Operators that clients glue to a parenthesis (`not(`); the parser needs a space there. */
const KEYWORDS = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'has', 'in', 'add', 'sub', 'mul', 'div', 'mod']);
const BOOLEAN_FUNCTIONS = new Set(['startswith', 'endswith', 'contains', 'geo.intersects']);
const UNREADABLE_FUNCTIONS = new Set(['cast', 'matchespattern', 'case', 'hassubset', 'hassubsequence']);
const BOOLEAN_FUNCTION_SPELLING = 'substring';
const PLACEHOLDER_MEMBER = '_fn';

export function encodeFilter(decoded: string): EncodedFilter {
  const encoder = new FilterEncoder(decoded);
  return encoder.run();
}

/** `Syntax error in $filter at position 7: …` - positions are 0-based in the decoded text. */
export function filterSyntaxError(decoded: string, position: number, problem: string): ODataSyntaxError {
  const near = decoded.slice(position, position + 20);
  const where = position >= decoded.length ? 'at the end' : `at position ${position} (near '${near}')`;
  return new ODataSyntaxError(ODataErrorCode.Syntax, `Syntax error in $filter ${where}: ${problem}.`, '$filter');
}

class FilterEncoder {
  private readonly out: string[] = [];
  private readonly sourceIndex: number[] = [];
  private readonly renamedCalls = new Map<number, string>();
  private readonly opaqueCalls = new Map<number, string>();
  private encodedLength = 0;

  constructor(private readonly src: string) {}

  run(): EncodedFilter {
    const { start, end } = trimBounds(this.src);
    let i = start;
    while (i < end) {
      const c = this.src[i];
      if (c === "'") i = this.literal(i, end);
      else if (IDENT_START.test(c) && !this.followsIdentifierChar(i)) i = this.identifier(i, end);
      else i = this.plain(i);
    }
    this.sourceIndex.push(end);
    return { text: this.out.join(''), sourceIndex: this.sourceIndex, renamedCalls: this.renamedCalls, opaqueCalls: this.opaqueCalls };
  }

  private emit(chunk: string, source: number): void {
    this.out.push(chunk);
    for (let k = 0; k < chunk.length; k++) this.sourceIndex.push(source);
    this.encodedLength += chunk.length;
  }

  private followsIdentifierChar(i: number): boolean {
    return i > 0 && NOT_A_CALL_AFTER.test(this.src[i - 1]);
  }

  /** One character (or surrogate pair) outside literals and identifiers. */
  private plain(i: number): number {
    const width = codePointWidth(this.src, i);
    const ch = this.src.slice(i, i + width);
    this.emit(KEEP.test(ch) ? ch : this.percentEncode(ch, i), i);
    return i + width;
  }

  /** `'…'` with `''` as an escaped quote, re-encoded entirely. */
  private literal(open: number, end: number): number {
    this.emit('%27', open);
    let j = open + 1;
    while (j < end) {
      if (this.src[j] === "'") {
        if (this.src[j + 1] !== "'") {
          this.emit('%27', j);
          return j + 1;
        }
        this.emit('%27%27', j);
        j += 2;
        continue;
      }
      const width = codePointWidth(this.src, j);
      this.emit(this.percentEncode(this.src.slice(j, j + width), j), j);
      j += width;
    }
    throw filterSyntaxError(this.src, open, 'unterminated string literal');
  }

  private identifier(start: number, end: number): number {
    let j = start + 1;
    while (j < end && IDENT_PART.test(this.src[j])) j++;
    const name = this.src.slice(start, j);
    if (this.src[j] !== '(') {
      this.emit(name, start);
      return j;
    }
    if (KEYWORDS.has(name)) {
      this.emit(name, start);
      this.emit('%20', j);
      return j;
    }
    if (!isCanonicalFunction(name)) {
      throw new ODataSyntaxError(
        ODataErrorCode.UnknownFunction,
        `Unknown function '${name}' in $filter. OData canonical functions are lower case (startswith, contains, …).`,
        name,
      );
    }
    if (BOOLEAN_FUNCTIONS.has(name)) {
      this.renamedCalls.set(this.encodedLength, name);
      this.emit(BOOLEAN_FUNCTION_SPELLING, start);
      return j;
    }
    if (UNREADABLE_FUNCTIONS.has(name)) {
      this.opaqueCalls.set(this.encodedLength, name);
      this.emit(PLACEHOLDER_MEMBER, start);
      return this.closingParen(j, end) + 1;
    }
    this.emit(name, start);
    return j;
  }

  /** Index of the `)` matching the `(` at `open`, skipping string literals. */
  private closingParen(open: number, end: number): number {
    let depth = 0;
    for (let j = open; j < end; j++) {
      const c = this.src[j];
      if (c === "'") j = skipLiteral(this.src, j, end) ?? end;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j;
    }
    throw filterSyntaxError(this.src, open, "'(' without a matching ')'");
  }

  private percentEncode(ch: string, at: number): string {
    try {
      return encodeURIComponent(ch).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    } catch {
      // A lone UTF-16 surrogate: only reachable when the caller bypassed parseQueryString.
      throw filterSyntaxError(this.src, at, 'invalid character');
    }
  }
}

/** Index of the closing quote of the literal opening at `open`, or undefined when unterminated. */
export function skipLiteral(text: string, open: number, end = text.length): number | undefined {
  for (let j = open + 1; j < end; j++) {
    if (text[j] !== "'") continue;
    if (text[j + 1] === "'") j++;
    else return j;
  }
  return undefined;
}

function codePointWidth(text: string, i: number): number {
  const cp = text.codePointAt(i);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

/** The parser rejects leading and trailing whitespace; clients send it (`$filter= A eq 1`). */
function trimBounds(text: string): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end - 1])) end--;
  return { start, end };
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t';
}
