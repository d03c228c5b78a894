import type { EdmType, EntityKind } from '@app/odata';

/**
 * The instance manifest (JSON or YAML) the gateway loads at start (§2):
 * what an instance is made of, before anything is resolved.
 */
export interface AttributeDefinition {
  readonly name: string;
  readonly displayName?: string;
  readonly type: EdmType;
  /** Defaults to true, except for the key. */
  readonly nullable?: boolean;
  readonly maxLength?: number;
}

export interface EntityDefinition {
  readonly name: string;
  readonly displayName?: string;
  readonly kind: EntityKind;
  readonly key: string;
  /** A create without a key gets a GUID (default false). */
  readonly keyGenerated?: boolean;
  readonly attributes: readonly AttributeDefinition[];
  /** Extra `$orderby` fields (§3.3), each backed by an index. */
  readonly sortFields?: readonly string[];
}

export interface InstanceManifest {
  /** URL-safe id (`demo`). */
  readonly name: string;
  readonly displayName: string;
  /** Customer attributes in the search & filter index (§2). */
  readonly searchIndex: readonly string[];
  readonly entities: readonly EntityDefinition[];
}
