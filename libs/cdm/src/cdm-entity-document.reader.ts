import type { EdmType } from '@app/odata';
import { dataFormats, dataTypeNames } from './cdm-data-types';
import type { CdmAttribute } from './cdm-folder';
import { JsonObjectReader, quote, type JsonAt, type JsonItem } from './json-input';
import { checkUniqueNames } from './unique-names';

/** What a manifest needs from an entity definition. */
export interface EntityDefinition {
  description?: string;
  attributes: CdmAttribute[];
}

/**
 * Reads one entity definition from an entity document (`Customer.cdm.json`):
 *
 *   { "definitions": [{ "entityName": "Customer", "extendsEntity": "CdmEntity",
 *                       "hasAttributes": [{ "name": "CustomerId", "dataFormat": "String" },
 *                                         { "name": "Age", "purpose": "hasA", "dataType": "integer" }] }] }
 *
 * Only *resolved* documents are read: attributes listed in `hasAttributes` (inline attribute
 * groups are flattened). Inheritance from another entity, referenced attribute groups and
 * entity attributes need the CDM resolver (imports, projections) and fail with a CdmError.
 */
export function readEntityDefinition(document: JsonObjectReader, entityName: string): EntityDefinition {
  const definitions = document.array('definitions');
  const found = definitions.find((item) => isEntityNamed(item, entityName));
  if (found === undefined) {
    const names = definitions.filter((item) => typeof entityNameOf(item) === 'string').map((item) => entityNameOf(item));
    throw document.at.key('definitions').error(`has no entity ${quote(entityName)} (entities: ${names.join(', ') || 'none'})`);
  }
  const entity = JsonObjectReader.of(found);
  const base = entity.item('extendsEntity');
  if (base !== undefined && base.value !== 'CdmEntity') {
    throw base.at.error(`${describeRef(base.value)} is not supported: only resolved entity documents (all attributes in hasAttributes) can be read`);
  }
  const attributes: Array<{ attribute: CdmAttribute; at: JsonAt }> = [];
  collectAttributes(entity.array('hasAttributes'), attributes);
  if (attributes.length === 0) throw entity.at.key('hasAttributes').error('is empty: an entity needs at least one attribute');
  checkUniqueNames(attributes.map(({ attribute, at }) => ({ name: attribute.name, at: at.key('name') })), 'attribute');
  const description = entity.optionalString('description');
  return { ...(description !== undefined && { description }), attributes: attributes.map((a) => a.attribute) };
}

function entityNameOf(item: JsonItem): unknown {
  return typeof item.value === 'object' && item.value !== null ? (item.value as { entityName?: unknown }).entityName : undefined;
}

function isEntityNamed(item: JsonItem, name: string): boolean {
  return entityNameOf(item) === name;
}

function describeRef(value: unknown): string {
  return typeof value === 'string' ? quote(value) : 'an inline reference';
}

function collectAttributes(items: JsonItem[], into: Array<{ attribute: CdmAttribute; at: JsonAt }>): void {
  for (const item of items) {
    const attribute = JsonObjectReader.of(item);
    const group = attribute.item('attributeGroupReference');
    if (group !== undefined) {
      if (typeof group.value === 'string') {
        throw group.at.error(`${quote(group.value)} is not supported: only inline attribute groups (with members) can be read`);
      }
      collectAttributes(JsonObjectReader.of(group).array('members'), into);
      continue;
    }
    if (attribute.item('entity') !== undefined) {
      throw attribute.at.key('entity').error('is not supported: entity attributes need the CDM resolver; export resolved entity documents');
    }
    into.push({ attribute: { name: attribute.string('name'), type: attributeType(attribute) }, at: attribute.at });
  }
}

/** `dataFormat` wins over `dataType`: it is the resolved physical format, the other a semantic type. */
function attributeType(attribute: JsonObjectReader): EdmType {
  const format = attribute.optionalString('dataFormat');
  if (format !== undefined) {
    return dataFormats.toEdm(format) ?? attribute.at.key('dataFormat').fail(`${quote(format)} is not a CDM data format (${dataFormats.names()})`);
  }
  const dataType = attribute.item('dataType') ?? attribute.at.key('dataType').fail('is missing (and so is dataFormat)');
  const name = typeof dataType.value === 'string' ? dataType.value : JsonObjectReader.of(dataType).string('dataTypeReference');
  const at = typeof dataType.value === 'string' ? dataType.at : dataType.at.key('dataTypeReference');
  return dataTypeNames.toEdm(name) ?? at.fail(`${quote(name)} is not a supported CDM data type (${dataTypeNames.names()})`);
}
