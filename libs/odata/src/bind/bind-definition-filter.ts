import type { BoundExpr } from '../ast/bound';
import { ALLOWED_FUNCTION } from '../ast/canonical-functions';
import { visitSyntax } from '../ast/syntax-walk';
import type { EntityMetadata } from '../metadata/entity-metadata';
import type { QueryLimits } from '../limits/query-limits';
import { checkFilterText, checkFilterTree } from '../limits/filter-limits';
import { ODataErrorCode, ODataSyntaxError } from '../errors/odata-errors';
import { parseFilter } from '../parse/from-odata-v4-parser';
import { bindFilter } from './bind-filter';
import { filterFunctionViolation } from './bind-errors';
import { checkFilterNames, checkFilterSupported } from './check-filter';

/**
 * The `$filter` of a segment or measure definition (§2): written by an admin and evaluated
 * in batch, so any attribute of the entity may appear — §3.3's filterable-field rule guards
 * interactive queries only. Everything else is as on the items route: the same syntax, the
 * same supported shapes (comparisons, and/or/not, startswith), the same limits and errors.
 *
 *   bindDefinitionFilter("LoyaltyPoints gt 500 and City eq 'Lyon'", customer, limits)
 */
export function bindDefinitionFilter(text: string, entity: EntityMetadata, limits: QueryLimits): BoundExpr {
  if (text.trim().length === 0) throw new ODataSyntaxError(ODataErrorCode.Syntax, 'The filter must not be empty.', 'filter');
  checkFilterText(text, limits);
  const syntax = parseFilter(text);
  checkFilterTree(syntax, limits);
  checkFilterNames(syntax, entity);
  checkFilterSupported(syntax);
  visitSyntax(syntax, (node) => {
    if (node.kind === 'call' && node.name !== ALLOWED_FUNCTION) throw filterFunctionViolation(node.name);
  });
  return bindFilter(syntax, entity);
}
