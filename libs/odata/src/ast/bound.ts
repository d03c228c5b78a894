import type { AttributeMetadata, EdmType, EntityMetadata, NavigationMetadata } from '../metadata/entity-metadata';
import type { ComparisonOp } from './syntax';

/**
 * Bound AST: every property is resolved against entity metadata, every literal is
 * converted to the property's storage value. The SQL compiler only ever sees this.
 */
export interface BoundProperty {
  readonly kind: 'property';
  readonly attribute: AttributeMetadata;
  /** Column name: equals the attribute name, quoted by the dialect. */
  readonly column: string;
}

/**
 * Storage value of a literal: String/Guid/Date as string, DateTimeOffset as an ISO
 * UTC string with milliseconds (`2024-01-01T10:00:00.000Z`), Int32/Double as number,
 * Int64 as bigint, Decimal as string, Boolean as boolean.
 *
 * Choices: the binder ALWAYS gives an Int64 literal as a bigint parsed from its text
 * (never via a double, so 9007199254740993 stays exact), whatever its magnitude, so the
 * representation follows the EDM type, not the value. Decimal stays the literal's text
 * (exact; SQLite's numeric affinity and PostgreSQL's numeric input both compare it as a
 * number). Values coming back from storage (keyset `after`) may carry an Int64 in the
 * safe range as a number; the dialects' `toParam` accept both.
 */
export type StorageValue = string | number | bigint | boolean;

export type BoundExpr =
  | { readonly kind: 'and' | 'or'; readonly left: BoundExpr; readonly right: BoundExpr }
  | { readonly kind: 'not'; readonly operand: BoundExpr }
  /** `value === null` means comparison with the `null` literal. */
  | { readonly kind: 'compare'; readonly op: ComparisonOp; readonly property: BoundProperty; readonly value: StorageValue | null }
  | { readonly kind: 'startswith'; readonly property: BoundProperty; readonly prefix: string }
  /** Membership in a list of values (no nulls): built by the gateway for `$expand`, not parsed. */
  | { readonly kind: 'in'; readonly property: BoundProperty; readonly values: readonly StorageValue[] }
  | { readonly kind: 'constant'; readonly value: boolean };

export interface BoundOrderBy {
  readonly property: BoundProperty;
  readonly direction: 'asc' | 'desc';
}

export interface BoundQuery {
  readonly entity: EntityMetadata;
  readonly filter?: BoundExpr;
  /** Projected attributes in entity order; all attributes when `$select` is absent. */
  readonly select: readonly AttributeMetadata[];
  /** Total order: requested items, then the key when not already present. */
  readonly orderBy: readonly BoundOrderBy[];
  readonly top?: number;
  readonly skip?: number;
  readonly count: boolean;
  /** `$expand` (the feed): each navigation with its own bound query over the target entity. */
  readonly expand?: readonly BoundExpand[];
}

export interface BoundExpand {
  readonly navigation: NavigationMetadata;
  /** Select, filter, order and top of the related rows; no paging of its own. */
  readonly query: BoundQuery;
}

export type { EdmType };
