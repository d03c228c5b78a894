import type { SyntaxExpr } from '../ast/syntax';
import { ODataErrorCode, ODataNotImplementedError, ODataSyntaxError } from '../errors/odata-errors';
import { checkFilterText, checkFilterTree } from '../limits/filter-limits';
import type { QueryLimits } from '../limits/query-limits';
import { parseFilter } from './from-odata-v4-parser';
import { FilterTemplateCache } from './filter-template-cache';
import { splitExpand } from './parse-expand';
import { OrderByItem, parseCount, parseNonNegativeInteger, parseOrderBy, parseSelect } from './parse-option-values';

/** Which surface asks: the connector items route or the OData feed (§3.3, §4). */
export type QueryMode = 'connector' | 'feed';

/** The query options of §3.2, parsed but not yet resolved against an entity. */
export interface ParsedQueryOptions {
  readonly filter?: SyntaxExpr;
  /** Undefined = all properties (`$select` absent or `*`). */
  readonly select?: readonly string[];
  readonly orderBy?: readonly OrderByItem[];
  readonly top?: number;
  readonly skip?: number;
  readonly count: boolean;
  /** Opaque; the gateway verifies its signature. */
  readonly skipToken?: string;
  /** `$format` as sent (`json`, `application/json;odata.metadata=minimal`…); the gateway negotiates it. */
  readonly format?: string;
  /** `$expand` items (the feed only), each with its own nested options. */
  readonly expand?: readonly ExpandItem[];
}

export interface ExpandItem {
  readonly path: string;
  readonly options: ParsedQueryOptions;
}

/** Valid inside `$expand=Nav(…)` but not done here (501); `$select $filter $orderby $top` are. */
const NESTED_NOT_IMPLEMENTED = new Set(['$expand', '$skip', '$count', '$skiptoken', '$format', '$levels', '$search', '$apply', '$compute']);

export const SUPPORTED_OPTIONS = ['$filter', '$select', '$top', '$skip', '$orderby', '$count', '$skiptoken', '$format'] as const;
/** Valid OData we do not implement (501); `$expand` will move to the feed's supported list. */
const NOT_IMPLEMENTED_OPTIONS = new Set(['$apply', '$search', '$compute']);

/**
 * Parses the `$` options of a query (other names, like `api-version`, are ignored).
 * Errors come in §3.3 order: every syntax or limit error of any option is reported
 * before a 501 for an unsupported option.
 *
 * @publicApi
 */
export function parseQueryOptions(params: ReadonlyMap<string, string>, limits: QueryLimits, mode: QueryMode): ParsedQueryOptions {
  let result: Mutable<ParsedQueryOptions> = { count: false };
  let notImplemented: string | undefined;
  for (const [name, value] of params) {
    if (!name.startsWith('$')) continue;
    if (NOT_IMPLEMENTED_OPTIONS.has(name) || (name === '$expand' && mode === 'connector')) {
      notImplemented ??= name;
      continue;
    }
    if (name === '$expand') {
      result = { ...result, expand: parseExpandOption(value, limits, mode) };
      continue;
    }
    result = { ...result, ...parseOption(name, value, limits) };
  }
  if (notImplemented !== undefined) throw notImplementedOption(notImplemented, mode);
  return result;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function parseOption(name: string, value: string, limits: QueryLimits): Partial<ParsedQueryOptions> {
  switch (name) {
    case '$filter':
      return { filter: parseFilterOption(value, limits) };
    case '$select':
      return { select: parseSelect(value) };
    case '$orderby':
      return { orderBy: parseOrderBy(value, limits) };
    case '$top':
      return { top: parseNonNegativeInteger('$top', value, limits.maxTop) };
    case '$skip':
      return { skip: parseNonNegativeInteger('$skip', value, limits.maxSkip) };
    case '$count':
      return { count: parseCount(value) };
    case '$skiptoken':
      if (value.length === 0) throw new ODataSyntaxError(ODataErrorCode.InvalidValue, '$skiptoken must not be empty.', name);
      return { skipToken: value };
    case '$format':
      if (value.trim().length === 0) throw new ODataSyntaxError(ODataErrorCode.InvalidValue, '$format must not be empty.', name);
      return { format: value.trim() };
    default:
      throw new ODataSyntaxError(
        ODataErrorCode.UnknownOption,
        `Unknown query option '${name}'. Supported options: ${SUPPORTED_OPTIONS.join(', ')}.`,
        name,
      );
  }
}

/** Shared by every request: it holds parsed shapes, never the string values of a query. */
const filterShapes = new FilterTemplateCache();

/** Limits on the text first (so the parser never sees a hostile input), then on the tree. */
function parseFilterOption(value: string, limits: QueryLimits): SyntaxExpr {
  if (value.trim().length === 0) throw new ODataSyntaxError(ODataErrorCode.Syntax, '$filter must not be empty.', '$filter');
  checkFilterText(value, limits);
  const expr = filterShapes.parse(value, parseFilter);
  checkFilterTree(expr, limits);
  return expr;
}

function parseExpandOption(value: string, limits: QueryLimits, mode: QueryMode): ExpandItem[] {
  return splitExpand(value).map((item) => {
    for (const name of item.options.keys()) {
      if (NESTED_NOT_IMPLEMENTED.has(name)) {
        throw new ODataNotImplementedError(`${name} inside $expand=${item.path}(…) is not supported; use $select, $filter, $orderby or $top.`, name);
      }
    }
    return { path: item.path, options: parseQueryOptions(item.options, limits, mode) };
  });
}

function notImplementedOption(name: string, mode: QueryMode): ODataNotImplementedError {
  const where = mode === 'connector' ? 'on the connector routes' : 'on the OData feed yet';
  return new ODataNotImplementedError(`The query option '${name}' is not supported ${where}.`, name);
}
