/**
 * Domain errors of the query core. They carry a stable code and no HTTP status:
 * the gateway maps each class to a status in one exception filter (§3.5).
 *
 * Codes are stable strings and never reused; retired codes stay listed as comments.
 */
export const ODataErrorCode = {
  /** Malformed `%` escape in the query string. */
  QueryEncoding: 'ODATA_QUERY_ENCODING',
  /** The same query option given twice. */
  DuplicateOption: 'ODATA_DUPLICATE_OPTION',
  /** A `$` option we do not know. */
  UnknownOption: 'ODATA_UNKNOWN_OPTION',
  /** A query option value that does not parse. */
  Syntax: 'ODATA_SYNTAX',
  /** A function name OData does not define. */
  UnknownFunction: 'ODATA_UNKNOWN_FUNCTION',
  /** A property the entity does not have. */
  UnknownProperty: 'ODATA_UNKNOWN_PROPERTY',
  /** A literal whose type does not fit the property. */
  TypeMismatch: 'ODATA_TYPE_MISMATCH',
  /** A value out of its allowed range (`$top=-1`, `$count=maybe`). */
  InvalidValue: 'ODATA_INVALID_VALUE',
  /** A configured query limit was exceeded. */
  LimitExceeded: 'ODATA_LIMIT_EXCEEDED',
  /** Valid OData that this gateway does not implement. */
  NotImplemented: 'ODATA_NOT_IMPLEMENTED',
  /** §3.3: a field that may not be filtered on this entity. */
  FilterField: 'ODATA_FILTER_FIELD',
  /** §3.3: a canonical function other than `startswith`. */
  FilterFunction: 'ODATA_FILTER_FUNCTION',
  /** §3.3: a field that may not be sorted on this entity. */
  OrderByField: 'ODATA_ORDERBY_FIELD',
  /** A `$skiptoken` that is forged, expired or belongs to another query. */
  SkipTokenInvalid: 'ODATA_SKIPTOKEN_INVALID',
} as const;
export type ODataErrorCode = (typeof ODataErrorCode)[keyof typeof ODataErrorCode];

export interface ODataErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

export abstract class ODataError extends Error {
  abstract readonly kind: 'syntax' | 'semantic' | 'limit' | 'notImplemented' | 'rule';
  constructor(
    readonly code: ODataErrorCode,
    message: string,
    readonly target?: string,
    readonly details: readonly ODataErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request text does not parse (400). */
export class ODataSyntaxError extends ODataError {
  readonly kind = 'syntax' as const;
}

/** It parses but names something that does not exist or does not type-check (400). */
export class ODataSemanticError extends ODataError {
  readonly kind = 'semantic' as const;
}

/** A configured limit was exceeded (400). */
export class ODataLimitError extends ODataError {
  readonly kind = 'limit' as const;
}

/** Valid OData we do not support (501). */
export class ODataNotImplementedError extends ODataError {
  readonly kind = 'notImplemented' as const;
  constructor(message: string, target?: string) {
    super(ODataErrorCode.NotImplemented, message, target);
  }
}

/**
 * A per-entity filter/sort rule of §3.3 was broken: 400 on the connector routes,
 * 501 on the OData feed (so Power Query filters locally).
 */
export class ODataRuleViolationError extends ODataError {
  readonly kind = 'rule' as const;
}
