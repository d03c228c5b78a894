/**
 * The canonical functions of OData v4.01 Part 2 URL Conventions §5.1.1.5 - §5.1.1.12.
 * A name outside this list is not OData (400 ODATA_UNKNOWN_FUNCTION); a name inside it
 * other than `startswith` is valid OData our filter rules refuse (ODATA_FILTER_FUNCTION).
 */
export const CANONICAL_FUNCTIONS = [
  // §5.1.1.5 String and Collection Functions
  'concat',
  'contains',
  'endswith',
  'indexof',
  'length',
  'startswith',
  'substring',
  // §5.1.1.6 Collection Functions
  'hassubset',
  'hassubsequence',
  // §5.1.1.7 String Functions
  'matchespattern',
  'tolower',
  'toupper',
  'trim',
  // §5.1.1.8 Date and Time Functions
  'date',
  'day',
  'fractionalseconds',
  'hour',
  'maxdatetime',
  'mindatetime',
  'minute',
  'month',
  'now',
  'second',
  'time',
  'totaloffsetminutes',
  'totalseconds',
  'year',
  // §5.1.1.9 Arithmetic Functions
  'ceiling',
  'floor',
  'round',
  // §5.1.1.10 Type Functions
  'cast',
  'isof',
  // §5.1.1.11 Geo Functions
  'geo.distance',
  'geo.intersects',
  'geo.length',
  // §5.1.1.12 Conditional Functions
  'case',
] as const;
export type CanonicalFunction = (typeof CANONICAL_FUNCTIONS)[number];

const CANONICAL = new Set<string>(CANONICAL_FUNCTIONS);

export function isCanonicalFunction(name: string): name is CanonicalFunction {
  return CANONICAL.has(name);
}

/** The one function our filter rules allow (§3.3). */
export const ALLOWED_FUNCTION = 'startswith';
