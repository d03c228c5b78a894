import { ODataErrorCode, ODataLimitError, ODataNotImplementedError, ODataSyntaxError } from '../errors/odata-errors';
import type { QueryLimits } from '../limits/query-limits';
import { skipLiteral } from './filter-encoding';

/** One `$orderby` item; `path` may contain `/` (rejected later, by the binder, as navigation). */
export interface OrderByItem {
  readonly path: string;
  readonly direction: 'asc' | 'desc';
}

/** OData identifier (CSDL SimpleIdentifier): a letter or `_`, then letters, digits, `_`. */
const IDENTIFIER = '[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Nd}\\p{Mn}\\p{Mc}\\p{Pc}\\p{Cf}]*';
const PROPERTY_PATH = new RegExp(`^${IDENTIFIER}(?:/${IDENTIFIER})*$`, 'u');
const DIGITS = /^[0-9]+$/;

/** `$top`/`$skip`: digits only (no sign, no spaces), then the configured maximum. */
export function parseNonNegativeInteger(name: '$top' | '$skip', value: string, max: number): number {
  if (!DIGITS.test(value)) {
    throw new ODataSyntaxError(ODataErrorCode.InvalidValue, `${name} must be a non-negative integer, got '${value}'.`, name);
  }
  const n = Number(value);
  if (n > max) throw new ODataLimitError(ODataErrorCode.LimitExceeded, `${name} is ${value}; the limit is ${max}.`, name);
  return n;
}

export function parseCount(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ODataSyntaxError(ODataErrorCode.InvalidValue, `$count must be 'true' or 'false', got '${value}'.`, '$count');
}

/** `$select=A, B` → ['A','B']; `*` (alone or among others) → undefined, meaning all. */
export function parseSelect(value: string): readonly string[] | undefined {
  const items = value.split(',').map((item) => item.trim());
  if (items.includes('*')) return undefined;
  for (const item of items) {
    if (!PROPERTY_PATH.test(item)) {
      const what = item.length === 0 ? 'an empty item' : `'${item}'`;
      throw new ODataSyntaxError(ODataErrorCode.Syntax, `$select has ${what}; expected comma-separated property names.`, '$select');
    }
  }
  return items;
}

/** `$orderby=City desc, CustomerId` → items; function calls are valid OData we do not support. */
export function parseOrderBy(value: string, limits: QueryLimits): readonly OrderByItem[] {
  const parts = splitTopLevel(value);
  if (parts.length > limits.maxOrderByItems) {
    throw new ODataLimitError(
      ODataErrorCode.LimitExceeded,
      `$orderby has ${parts.length} items; the limit is ${limits.maxOrderByItems}.`,
      '$orderby',
    );
  }
  const items = parts.map(parseOrderByItem);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.path)) {
      throw new ODataSyntaxError(ODataErrorCode.InvalidValue, `$orderby names '${item.path}' more than once.`, '$orderby');
    }
    seen.add(item.path);
  }
  return items;
}

function parseOrderByItem(text: string): OrderByItem {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  const [path, direction = 'asc', ...rest] = words;
  const dir = direction.toLowerCase();
  if (path !== undefined && PROPERTY_PATH.test(path) && rest.length === 0 && (dir === 'asc' || dir === 'desc')) {
    return { path, direction: dir };
  }
  if (path !== undefined && path.includes('(')) {
    throw new ODataNotImplementedError(`$orderby supports property names only, not '${text.trim()}'.`, '$orderby');
  }
  const what = text.trim().length === 0 ? 'an empty item' : `'${text.trim()}'`;
  throw new ODataSyntaxError(ODataErrorCode.Syntax, `$orderby has ${what}; expected 'Property [asc|desc]', comma-separated.`, '$orderby');
}

/** Splits on commas outside parentheses and string literals (`substring(A,1) asc, B`). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") i = skipLiteral(text, i) ?? text.length;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
