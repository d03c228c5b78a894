import type { EntityKind, EntityMetadata } from '@app/odata';

export type WriteOperation = 'create' | 'update' | 'delete';

/**
 * What each entity kind allows through the connector (§3.1): activities are immutable
 * once created; derived entities are rebuilt by refreshes and never written directly.
 */
const ALLOWED: Record<EntityKind, readonly WriteOperation[]> = {
  profile: ['create', 'update', 'delete'],
  unifiedActivity: ['create'],
  source: ['create', 'update', 'delete'],
  other: ['create', 'update', 'delete'],
  measure: [],
  segment: [],
};

export function allowedWrites(entity: EntityMetadata): readonly WriteOperation[] {
  return entity.derived ? [] : ALLOWED[entity.kind];
}

export function isReadOnly(entity: EntityMetadata): boolean {
  return allowedWrites(entity).length === 0;
}
