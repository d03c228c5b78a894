import type { AttributeMetadata, EntityMetadata } from '../metadata/entity-metadata';
import { ODataErrorCode, ODataRuleViolationError, ODataSemanticError } from '../errors/odata-errors';

/** Error builders of the binder, so every message names what is allowed (§3.3). */
export function unknownProperty(entity: EntityMetadata, name: string): ODataSemanticError {
  return new ODataSemanticError(
    ODataErrorCode.UnknownProperty,
    `Property '${name}' does not exist on entity '${entity.name}'.`,
    name,
  );
}

export function filterFieldViolation(entity: EntityMetadata, name: string): ODataRuleViolationError {
  return new ODataRuleViolationError(
    ODataErrorCode.FilterField,
    `Field '${name}' cannot be used in $filter on entity '${entity.name}'. Filterable fields: ${entity.filterableFields.join(', ')}.`,
    name,
  );
}

export function orderByFieldViolation(entity: EntityMetadata, name: string, sortable: readonly string[]): ODataRuleViolationError {
  return new ODataRuleViolationError(
    ODataErrorCode.OrderByField,
    `Field '${name}' cannot be used in $orderby on entity '${entity.name}'. Sortable fields: ${sortable.join(', ')}.`,
    name,
  );
}

export function filterFunctionViolation(name: string): ODataRuleViolationError {
  return new ODataRuleViolationError(
    ODataErrorCode.FilterFunction,
    `Function '${name}' cannot be used in $filter. Allowed: the operators eq, ne, gt, ge, lt, le, and, or, not, ` +
      `comparisons with null, and startswith(<filterable String field>, '<text>').`,
    name,
  );
}

export function typeMismatch(attribute: AttributeMetadata, problem: string): ODataSemanticError {
  return new ODataSemanticError(
    ODataErrorCode.TypeMismatch,
    `Property '${attribute.name}' is of type Edm.${attribute.type}: ${problem}.`,
    attribute.name,
  );
}
