import { EntityMetadata, AttributeMetadata, EDM_TYPES, ENTITY_KINDS, NavigationMetadata } from '@app/odata';
import type { DataSourceDefinition, EntityDefinition, InstanceManifest } from './instance-manifest';
import { ManifestError } from '../storage-errors';
import { checkMeasures, checkReportRecipients, checkSchedule, segmentEntities } from './resolve-definitions';

/** An instance as the gateway serves it: manifest resolved into entity metadata. */
export interface InstanceCatalog {
  readonly name: string;
  readonly displayName: string;
  readonly searchIndex: readonly string[];
  /** Entities in manifest order. */
  readonly entities: readonly EntityMetadata[];
  readonly dataSources: readonly DataSourceDefinition[];
  /** The manifest it was resolved from (the admin API edits it and applies it again). */
  readonly manifest: InstanceManifest;
}

const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const ENTITY_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Validates a manifest and resolves the filter rules of §3.3 into each entity's
 * `filterableFields`, so every later stage reads one list instead of re-deriving it.
 */
export function resolveInstance(manifest: InstanceManifest): InstanceCatalog {
  if (!INSTANCE_NAME.test(manifest.name)) {
    throw new ManifestError(`instance name '${manifest.name}' must match ${INSTANCE_NAME.source}`);
  }
  const names = new Set<string>();
  const entities = manifest.entities.map((definition) => {
    if (names.has(definition.name.toLowerCase())) {
      throw new ManifestError(`instance '${manifest.name}' declares entity '${definition.name}' twice`);
    }
    names.add(definition.name.toLowerCase());
    return resolveEntity(manifest, definition);
  });
  const profile = entities.find((e) => e.kind === 'profile');
  for (const field of manifest.searchIndex) {
    if (!profile?.attributes.some((a) => a.name === field)) {
      throw new ManifestError(`search index field '${field}' is not an attribute of the profile entity`);
    }
  }
  const withNavigations = entities.map((e) => (e === profile ? { ...e, navigations: profileNavigations(e, entities) } : e));
  const dataSources = (manifest.dataSources ?? []).map((d) => checkDataSource(manifest, d, entities));
  const derived = segmentEntities(manifest, profile, entities);
  checkMeasures(manifest, entities);
  checkSchedule(manifest, manifest.schedule);
  checkReportRecipients(manifest, manifest.reports);
  return {
    name: manifest.name,
    displayName: manifest.displayName,
    searchIndex: [...manifest.searchIndex],
    entities: [...withNavigations, ...derived],
    dataSources,
    manifest,
  };
}

/**
 * §4: the profile navigates to its activities (many) and to its measures (one), both by
 * `CustomerId`, which each target has indexed (activities) or as its key (measures).
 */
function profileNavigations(profile: EntityMetadata, entities: readonly EntityMetadata[]): NavigationMetadata[] {
  const key = profile.key;
  return entities
    .filter((e) => (e.kind === 'unifiedActivity' || (e.kind === 'measure' && e.key === key)) && e.attributes.some((a) => a.name === key))
    .map((e) => ({ name: e.name, target: e.name, many: e.kind === 'unifiedActivity', sourceField: key, targetField: key }));
}

function resolveEntity(manifest: InstanceManifest, definition: EntityDefinition): EntityMetadata {
  const where = `entity '${definition.name}' of instance '${manifest.name}'`;
  if (!ENTITY_NAME.test(definition.name)) throw new ManifestError(`${where}: name must match ${ENTITY_NAME.source}`);
  if (!ENTITY_KINDS.includes(definition.kind)) throw new ManifestError(`${where}: unknown kind '${definition.kind}'`);
  const attributes = definition.attributes.map((a) => resolveAttribute(where, definition, a));
  const seen = new Set<string>();
  for (const a of attributes) {
    if (seen.has(a.name.toLowerCase())) throw new ManifestError(`${where}: attribute '${a.name}' declared twice`);
    seen.add(a.name.toLowerCase());
  }
  const key = attributes.find((a) => a.name === definition.key);
  if (!key) throw new ManifestError(`${where}: key '${definition.key}' is not an attribute`);
  if (definition.keyGenerated && key.type !== 'String' && key.type !== 'Guid') {
    throw new ManifestError(`${where}: a generated key must be a String or Guid`);
  }
  const sortFields = [...(definition.sortFields ?? [])];
  for (const field of sortFields) {
    if (!seen.has(field.toLowerCase())) throw new ManifestError(`${where}: sort field '${field}' is not an attribute`);
  }
  return {
    name: definition.name,
    displayName: definition.displayName ?? definition.name,
    kind: definition.kind,
    attributes,
    key: key.name,
    keyGenerated: definition.keyGenerated ?? false,
    filterableFields: filterableFields(definition, attributes, manifest.searchIndex),
    sortFields,
    table: `${manifest.name}__${definition.name}`,
  };
}

function resolveAttribute(where: string, entity: EntityDefinition, a: EntityDefinition['attributes'][number]): AttributeMetadata {
  if (!ATTRIBUTE_NAME.test(a.name)) throw new ManifestError(`${where}: attribute name '${a.name}' must match ${ATTRIBUTE_NAME.source}`);
  if (!EDM_TYPES.includes(a.type)) {
    throw new ManifestError(`${where}: attribute '${a.name}' has unknown type '${a.type}' (allowed: ${EDM_TYPES.join(', ')})`);
  }
  const isKey = a.name === entity.key;
  return {
    name: a.name,
    displayName: a.displayName ?? a.name,
    type: a.type,
    nullable: isKey ? false : (a.nullable ?? true),
    ...(a.maxLength !== undefined ? { maxLength: a.maxLength } : {}),
  };
}

/** §3.3: which fields the connector items route may filter on. */
function filterableFields(
  definition: EntityDefinition,
  attributes: readonly AttributeMetadata[],
  searchIndex: readonly string[],
): string[] {
  const has = (name: string) => attributes.some((a) => a.name === name);
  const fields =
    definition.kind === 'unifiedActivity'
      ? ['ActivityId', 'CustomerId']
      : definition.kind === 'profile'
        ? ['CustomerId', ...searchIndex]
        : ['CustomerId', definition.key];
  return [...new Set(fields.filter(has))];
}

const DATA_SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Shape checks only; the folder itself is read (and its problems reported) when it is imported. */
function checkDataSource(manifest: InstanceManifest, source: DataSourceDefinition, entities: readonly EntityMetadata[]): DataSourceDefinition {
  const where = `data source '${source.name}' of instance '${manifest.name}'`;
  if (typeof source.name !== 'string' || !DATA_SOURCE_NAME.test(source.name)) throw new ManifestError(`${where}: name must match ${DATA_SOURCE_NAME.source}`);
  if (source.kind !== 'cdm' && source.kind !== 'csv') throw new ManifestError(`${where}: kind must be 'cdm' or 'csv'`);
  if (typeof source.location !== 'string' || source.location.length === 0) throw new ManifestError(`${where}: location is required`);
  const duplicates = (manifest.dataSources ?? []).filter((d) => d.name.toLowerCase() === source.name.toLowerCase());
  if (duplicates.length > 1) throw new ManifestError(`instance '${manifest.name}' declares data source '${source.name}' twice`);
  for (const mapping of source.entities ?? []) {
    const target = mapping.entity ?? mapping.name;
    if (!entities.some((e) => e.name === target)) throw new ManifestError(`${where}: entity '${target}' is not declared in the instance`);
  }
  if (source.kind === 'csv' && (source.entities?.length ?? 0) !== 1) throw new ManifestError(`${where}: a csv data source names exactly one entity`);
  return source;
}
