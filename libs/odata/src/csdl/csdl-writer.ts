import { AttributeMetadata, EntityMetadata, isSortable } from '../metadata/entity-metadata';
import { EdmNames, safeIdentifier } from './edm-names';

/** What `$metadata` describes: one dataset, one schema, one entity container. */
export interface CsdlModel {
  readonly dataset: string;
  readonly entities: readonly EntityMetadata[];
}

const CAPABILITIES = 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml';
/** §3.3: the only canonical function a filter may use, advertised next to the filter restrictions. */
const FILTER_FUNCTIONS = ['startswith'];

export function schemaNamespace(dataset: string): string {
  return `InsightsGateway.${safeIdentifier(dataset)}`;
}

/**
 * CSDL XML (OData v4.0 Part 3) for a dataset. The Capabilities annotations come from the
 * same entity metadata (`filterableFields`, `isSortable`) the binder enforces and the
 * connector's table metadata advertises, so the three cannot disagree.
 */
export function writeCsdl(model: CsdlModel): string {
  const names = new EdmNames(model.entities.map((e) => e.name));
  const namespace = schemaNamespace(model.dataset);
  const types = model.entities.map((e) => entityType(e, names, namespace));
  const sets = model.entities.map((e) => entitySet(e, names, namespace));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    `<edmx:Reference Uri="${CAPABILITIES}"><edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities"/></edmx:Reference>`,
    '<edmx:DataServices>',
    `<Schema Namespace="${xml(namespace)}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    ...types,
    '<EntityContainer Name="Container">',
    ...sets,
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}

function entityType(entity: EntityMetadata, names: EdmNames, namespace: string): string {
  const properties = entity.attributes.map(property);
  const navigations = (entity.navigations ?? []).map((n) => {
    const target = `${namespace}.${names.edm(n.target)}`;
    return `<NavigationProperty Name="${xml(names.edm(n.name))}" Type="${xml(n.many ? `Collection(${target})` : target)}"/>`;
  });
  const name = names.edm(entity.name);
  return `<EntityType Name="${xml(name)}"><Key><PropertyRef Name="${xml(entity.key)}"/></Key>${properties.join('')}${navigations.join('')}</EntityType>`;
}

function property(attribute: AttributeMetadata): string {
  const facets = [
    attribute.nullable ? '' : ' Nullable="false"',
    attribute.maxLength !== undefined ? ` MaxLength="${attribute.maxLength}"` : '',
    attribute.type === 'Decimal' ? ' Scale="variable"' : '',
    attribute.type === 'DateTimeOffset' ? ' Precision="3"' : '',
  ].join('');
  return `<Property Name="${xml(attribute.name)}" Type="Edm.${attribute.type}"${facets}/>`;
}

function entitySet(entity: EntityMetadata, names: EdmNames, namespace: string): string {
  const edmName = names.edm(entity.name);
  const bindings = (entity.navigations ?? []).map(
    (n) => `<NavigationPropertyBinding Path="${xml(names.edm(n.name))}" Target="${xml(names.edm(n.target))}"/>`,
  );
  const nonFilterable = entity.attributes.filter((a) => !entity.filterableFields.includes(a.name)).map((a) => a.name);
  const nonSortable = entity.attributes.filter((a) => !isSortable(entity, a.name)).map((a) => a.name);
  return [
    `<EntitySet Name="${xml(edmName)}" EntityType="${xml(namespace)}.${xml(edmName)}">`,
    ...bindings,
    annotation('FilterRestrictions', [boolValue('Filterable', true), pathsValue('NonFilterableProperties', nonFilterable)]),
    annotation('SortRestrictions', [boolValue('Sortable', true), pathsValue('NonSortableProperties', nonSortable)]),
    annotation('CountRestrictions', [boolValue('Countable', true)]),
    annotation('ExpandRestrictions', [boolValue('Expandable', (entity.navigations ?? []).length > 0)]),
    `<Annotation Term="Capabilities.FilterFunctions"><Collection>${FILTER_FUNCTIONS.map((f) => `<String>${f}</String>`).join('')}</Collection></Annotation>`,
    '</EntitySet>',
  ].join('');
}

function annotation(term: string, values: readonly string[]): string {
  return `<Annotation Term="Capabilities.${term}"><Record>${values.join('')}</Record></Annotation>`;
}

function boolValue(name: string, value: boolean): string {
  return `<PropertyValue Property="${name}" Bool="${value}"/>`;
}

function pathsValue(name: string, paths: readonly string[]): string {
  return `<PropertyValue Property="${name}"><Collection>${paths.map((p) => `<PropertyPath>${xml(p)}</PropertyPath>`).join('')}</Collection></PropertyValue>`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
