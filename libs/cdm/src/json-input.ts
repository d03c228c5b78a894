import { CdmError } from './cdm-error';

/**
 * Typed, path-aware access to parsed JSON. Every reader validates what it hands out, so a
 * wrong value fails where it sits (`entities[0].partitions[2].location`) instead of turning
 * into `undefined` three modules later. Properties we don't read are never looked at: CDM
 * files carry many (annotations, traits, `cdm:*` extensions) and they must not break us.
 */

/** A place in a JSON file: the file name and the JSON path, for error messages. */
export class JsonAt {
  private constructor(
    readonly source: string,
    readonly path: string,
  ) {}

  static root(source: string): JsonAt {
    return new JsonAt(source, '');
  }

  key(name: string): JsonAt {
    return new JsonAt(this.source, this.path === '' ? name : `${this.path}.${name}`);
  }

  index(i: number): JsonAt {
    return new JsonAt(this.source, `${this.path}[${i}]`);
  }

  /** The error to throw for a problem here (`throw at.error(…)` lets TypeScript narrow). */
  error(problem: string): CdmError {
    return CdmError.at(this.source, this.path, problem);
  }

  /** Throws; for expression positions (`value ?? at.fail('is missing')`). */
  fail(problem: string): never {
    throw this.error(problem);
  }
}

/** A JSON value together with where it came from. */
export interface JsonItem {
  readonly value: unknown;
  readonly at: JsonAt;
}

type JsonObject = { readonly [key: string]: unknown };

/** Quotes a value for a message; JSON escapes keep tabs and control characters visible. */
export function quote(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1)}'`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** A JSON object; `null` counts as absent, as Newtonsoft-written CDM files use it that way. */
export class JsonObjectReader {
  private constructor(
    private readonly value: JsonObject,
    readonly at: JsonAt,
  ) {}

  static of(item: JsonItem): JsonObjectReader {
    const { value, at } = item;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw at.error(`must be a JSON object (got ${describeValue(value)})`);
    return new JsonObjectReader(value as JsonObject, at);
  }

  /** The property, or undefined when it is absent or null. */
  item(name: string): JsonItem | undefined {
    const value = Object.prototype.hasOwnProperty.call(this.value, name) ? this.value[name] : undefined;
    return value === undefined || value === null ? undefined : { value, at: this.at.key(name) };
  }

  /** A required, non-empty string. */
  string(name: string): string {
    const item = this.item(name) ?? this.at.key(name).fail('is missing');
    if (typeof item.value !== 'string' || item.value === '') throw item.at.error(`must be a non-empty string (got ${describeValue(item.value)})`);
    return item.value;
  }

  optionalString(name: string, options: { nonEmpty?: boolean } = {}): string | undefined {
    const item = this.item(name);
    if (item === undefined) return undefined;
    if (typeof item.value !== 'string' || (options.nonEmpty && item.value === '')) {
      throw item.at.error(`must be a ${options.nonEmpty ? 'non-empty ' : ''}string (got ${describeValue(item.value)})`);
    }
    return item.value;
  }

  /** The elements of a required array. */
  array(name: string): JsonItem[] {
    return this.optionalArray(name) ?? this.at.key(name).fail('is missing');
  }

  optionalArray(name: string): JsonItem[] | undefined {
    const item = this.item(name);
    if (item === undefined) return undefined;
    if (!Array.isArray(item.value)) throw item.at.error(`must be an array (got ${describeValue(item.value)})`);
    return item.value.map((value: unknown, i) => ({ value, at: item.at.index(i) }));
  }
}

/** Parses a whole file; a syntax error names the line and column, which editors jump to. */
export function parseJsonText(text: string, source: string): JsonItem {
  // Files written by .NET tools often start with a UTF-8 byte order mark.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) as unknown, at: JsonAt.root(source) };
  } catch (e) {
    const message = (e as Error).message;
    const position = syntaxErrorPosition(body, message);
    const before = body.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
    throw CdmError.at(source, '', `is not valid JSON at line ${line}, column ${column} (position ${position}): ${reason}`);
  }
}

/**
 * V8 reports a position for most syntax errors but not for "Unexpected token 'x', …". There
 * we find it ourselves: a prefix fails before its end exactly when it contains the offending
 * character, so the shortest such prefix ends at the error (a binary search: log n parses).
 */
function syntaxErrorPosition(text: string, message: string): number {
  const reported = /at position (\d+)/.exec(message);
  if (reported) return Number(reported[1]);
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (e) {
      // Truncation errors ("Unterminated string … at position 3" of a 3-character prefix) sit at the end.
      const m = (e as Error).message;
      const at = /at position (\d+)/.exec(m);
      return !m.startsWith('Unexpected end of JSON input') && (at === null || Number(at[1]) < length);
    }
  };
  let low = 0;
  let high = text.length;
  if (!failsInside(high)) return text.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (failsInside(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}
