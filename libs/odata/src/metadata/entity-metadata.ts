/**
 * Entity metadata: the only source of identifiers the SQL compiler may emit
 * and the source of truth for filter rules, table metadata and (later) CSDL.
 */
export const EDM_TYPES = [
  'String',
  'Int32',
  'Int64',
  'Double',
  'Decimal',
  'Boolean',
  'DateTimeOffset',
  'Date',
  'Guid',
] as const;
export type EdmType = (typeof EDM_TYPES)[number];

export const ENTITY_KINDS = ['profile', 'unifiedActivity', 'measure', 'segment', 'source', 'other'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface AttributeMetadata {
  readonly name: string;
  readonly displayName: string;
  readonly type: EdmType;
  readonly nullable: boolean;
  /** String length limit enforced on writes; undefined = unbounded. */
  readonly maxLength?: number;
}

/** A navigation from one entity to related rows of another (§4: Customer → UnifiedActivity, Customer_Measure). */
export interface NavigationMetadata {
  /** The navigation property's name (the target entity's name). */
  readonly name: string;
  /** Logical name of the target entity. */
  readonly target: string;
  /** Collection (`UnifiedActivity`) or single-valued (`Customer_Measure`). */
  readonly many: boolean;
  /** Source attribute whose value the target's `targetField` holds. */
  readonly sourceField: string;
  readonly targetField: string;
}

export interface EntityMetadata {
  /** Logical name used in URLs (`Customer`). */
  readonly name: string;
  readonly displayName: string;
  readonly kind: EntityKind;
  /** Attributes in entity order (key first for the demo entities). */
  readonly attributes: readonly AttributeMetadata[];
  /** Name of the single key attribute. */
  readonly key: string;
  /** When true, a create without a key gets a server-generated GUID string. */
  readonly keyGenerated: boolean;
  /** Fields allowed in `$filter`/`$orderby` on the connector routes (§3.3), resolved at catalog load. */
  readonly filterableFields: readonly string[];
  /** Extra fields allowed in `$orderby` only (entity metadata `sortFields`). */
  readonly sortFields: readonly string[];
  /** Physical table name; comes from the catalog, never from a request. */
  readonly table: string;
  /** Navigations `$expand` may follow (resolved by the catalog; none when absent). */
  readonly navigations?: readonly NavigationMetadata[];
  /** Rebuilt by refreshes from other data (the `Segments` list): read-only through every API. */
  readonly derived?: boolean;
}

export function findAttribute(entity: EntityMetadata, name: string): AttributeMetadata | undefined {
  return entity.attributes.find((a) => a.name === name);
}

export function keyAttribute(entity: EntityMetadata): AttributeMetadata {
  const attr = findAttribute(entity, entity.key);
  if (!attr) throw new Error(`entity ${entity.name} has no key attribute ${entity.key}`);
  return attr;
}

export function isSortable(entity: EntityMetadata, field: string): boolean {
  return entity.filterableFields.includes(field) || entity.sortFields.includes(field) || field === entity.key;
}
