/**
 * Public API of the OData query core: parse → bind → (limits) → compile to SQL.
 *
 *   const params = parseQueryString(rawQuery);
 *   const options = parseQueryOptions(params, limits, 'connector');
 *   const query = bindQuery(options, entity, 'connector');
 *   const { text, params } = new SqlCompiler(sqliteDialect).select(query, { limit: 100 });
 */
export * from './metadata/entity-metadata';
export * from './errors/odata-errors';
export * from './ast/syntax';
export * from './ast/bound';
export * from './limits/query-limits';

export { parseQueryString } from './query-string/parse-query-string';
export { parseQueryOptions } from './parse/parse-query-options';
export type { ExpandItem, ParsedQueryOptions, QueryMode } from './parse/parse-query-options';
export type { OrderByItem } from './parse/parse-option-values';
export { parseFilter } from './parse/from-odata-v4-parser';
export { bindQuery } from './bind/bind-query';
export { bindDefinitionFilter } from './bind/bind-definition-filter';
export { normalizeDate, normalizeDateTimeOffset } from './bind/date-time-literal';
export { SqlCompiler } from './sql/compiler';
export type { PageSpec } from './sql/compiler';
export { sql } from './sql/sql-fragment';
export type { SqlFragment } from './sql/sql-fragment';
export type { SqlDialect } from './sql/sql-dialect';
export { sqliteDialect } from './sql/dialects/sqlite.dialect';
export { postgresDialect } from './sql/dialects/postgres.dialect';

// Written alongside this library by the lead (paging/): the gateway and throttler use it.
export { SkipTokenCodec } from './paging/skip-token';
export type { SkipTokenState } from './paging/skip-token';

export { EdmNames, safeIdentifier } from './csdl/edm-names';
export { writeCsdl, schemaNamespace } from './csdl/csdl-writer';
export type { CsdlModel } from './csdl/csdl-writer';
