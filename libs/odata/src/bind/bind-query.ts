import type { BoundExpand, BoundOrderBy, BoundQuery } from '../ast/bound';
import { ODataErrorCode, ODataSemanticError } from '../errors/odata-errors';
import { AttributeMetadata, EntityMetadata, isSortable } from '../metadata/entity-metadata';
import type { ExpandItem, ParsedQueryOptions, QueryMode } from '../parse/parse-query-options';
import type { OrderByItem } from '../parse/parse-option-values';
import { orderByFieldViolation } from './bind-errors';
import { bindFilter, bindProperty } from './bind-filter';
import { checkFilterNames, checkFilterRules, checkFilterSupported, checkPathExists, navigationNotSupported } from './check-filter';

/**
 * Binds parsed query options to an entity (one binder per option, AspNetCoreOData
 * style). Checks run pass by pass over ALL options so the §3.3 precedence holds across
 * them: unknown property (anywhere) > unsupported construct > rule violation > types.
 *
 * Both modes apply the same §3.3 rules and throw the same errors; the gateway maps a
 * rule violation to 400 on the connector and 501 on the feed. `mode` is kept for the
 * feed's `$expand`, which will bind here.
 *
 * @publicApi
 */
export function bindQuery(
  parsed: ParsedQueryOptions,
  entity: EntityMetadata,
  mode: QueryMode,
  related: (name: string) => EntityMetadata | undefined = () => undefined,
): BoundQuery {
  void mode; // same rules in both modes today (see above)
  const selectPaths = (parsed.select ?? []).map(splitPath);
  const orderPaths = (parsed.orderBy ?? []).map((item) => splitPath(item.path));

  if (parsed.filter) checkFilterNames(parsed.filter, entity);
  for (const path of [...selectPaths, ...orderPaths]) checkPathExists(entity, path);

  if (parsed.filter) checkFilterSupported(parsed.filter);
  for (const path of [...selectPaths, ...orderPaths]) if (path.length > 1) throw navigationNotSupported(path);

  if (parsed.filter) checkFilterRules(parsed.filter, entity);
  checkOrderByRules(orderPaths, entity);

  return {
    entity,
    ...(parsed.filter ? { filter: bindFilter(parsed.filter, entity) } : {}),
    select: bindSelect(parsed.select, entity),
    orderBy: bindOrderBy(parsed.orderBy ?? [], entity),
    ...(parsed.top !== undefined ? { top: parsed.top } : {}),
    ...(parsed.skip !== undefined ? { skip: parsed.skip } : {}),
    count: parsed.count,
    ...(parsed.expand ? { expand: parsed.expand.map((item) => bindExpand(item, entity, mode, related)) } : {}),
  };
}

function bindExpand(item: ExpandItem, entity: EntityMetadata, mode: QueryMode, related: (name: string) => EntityMetadata | undefined): BoundExpand {
  const navigation = entity.navigations?.find((n) => n.name === item.path);
  const target = navigation && related(navigation.target);
  if (!navigation || !target) {
    const names = (entity.navigations ?? []).map((n) => n.name);
    throw new ODataSemanticError(
      ODataErrorCode.UnknownProperty,
      `'${item.path}' is not a navigation property of '${entity.name}'. ${names.length ? `Navigation properties: ${names.join(', ')}.` : 'It has none.'}`,
      item.path,
    );
  }
  return { navigation, query: bindQuery(item.options, target, mode) };
}

function splitPath(path: string): readonly string[] {
  return path.split('/');
}

function checkOrderByRules(paths: readonly (readonly string[])[], entity: EntityMetadata): void {
  for (const [name] of paths) {
    if (!isSortable(entity, name)) throw orderByFieldViolation(entity, name, sortableFields(entity));
  }
}

function sortableFields(entity: EntityMetadata): string[] {
  return [...new Set([...entity.filterableFields, ...entity.sortFields, entity.key])];
}

/** Requested attributes in entity order, each once; every attribute when absent. */
function bindSelect(select: readonly string[] | undefined, entity: EntityMetadata): readonly AttributeMetadata[] {
  if (select === undefined) return entity.attributes;
  const wanted = new Set(select);
  return entity.attributes.filter((a) => wanted.has(a.name));
}

/** The requested order made total: the key is appended (ascending) unless present. */
function bindOrderBy(items: readonly OrderByItem[], entity: EntityMetadata): readonly BoundOrderBy[] {
  const bound: BoundOrderBy[] = items.map((item) => ({ property: bindProperty(entity, item.path), direction: item.direction }));
  if (!items.some((item) => item.path === entity.key)) bound.push({ property: bindProperty(entity, entity.key), direction: 'asc' });
  return bound;
}
