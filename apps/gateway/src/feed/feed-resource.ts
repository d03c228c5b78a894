import { ODataErrorCode, ODataSyntaxError } from '@app/odata';

/** A feed path segment: an entity set, optionally addressed by key. */
export interface FeedResource {
  readonly set: string;
  /** The key as written, unquoted (`C-1` for `('C-1')`); undefined for the collection. */
  readonly key?: string;
  /** The property named in `(Prop='v')`, when given. */
  readonly keyProperty?: string;
}

const SEGMENT = /^([^()]+)(?:\((.*)\))?$/s;
const NAMED = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/**
 * `Customer`, `Customer('C-1')`, `Customer(CustomerId='C-1')`, `Customer(42)` (OData URL
 * conventions §4.3.1). Quotes inside string keys are doubled (`'O''Brien'`).
 */
export function parseFeedResource(segment: string): FeedResource {
  const m = SEGMENT.exec(segment);
  if (!m) throw invalid(segment);
  const set = m[1];
  if (m[2] === undefined) return { set };
  const named = NAMED.exec(m[2]);
  const literal = named ? named[2] : m[2];
  const key = unquote(literal);
  if (key === undefined) throw invalid(segment);
  return { set, key, ...(named ? { keyProperty: named[1] } : {}) };
}

function unquote(literal: string): string | undefined {
  if (literal.length === 0) return undefined;
  if (!literal.startsWith("'")) return /^[^'(),=]+$/.test(literal) ? literal : undefined;
  if (literal.length < 2 || !literal.endsWith("'")) return undefined;
  const inner = literal.slice(1, -1);
  if (/(^|[^'])'(?!')/.test(inner.replace(/''/g, ''))) return undefined;
  return inner.replace(/''/g, "'");
}

function invalid(segment: string): ODataSyntaxError {
  return new ODataSyntaxError(
    ODataErrorCode.Syntax,
    `'${segment}' is not an entity set or a key (use Set, Set('key') or Set(Key='key')).`,
    segment,
  );
}
