import type { EdmType } from '@app/odata';
import { annotationFits, EDM_TYPE_ANNOTATION, isEdmType, modelJsonTypes } from './cdm-data-types';
import type { CdmAttribute, CdmEntity, CdmFolder, CdmPartition } from './cdm-folder';
import { CDM_CSV_DEFAULTS, fileNameOf, readCsvSettings } from './csv-settings';
import { JsonObjectReader, parseJsonText, quote, type JsonAt } from './json-input';
import { checkUniqueNames } from './unique-names';

/**
 * Reads a CDM `model.json` (Customer Insights exports, Power BI dataflows, Synapse Link):
 *
 *   { "name": "…", "version": "1.0",
 *     "entities": [{ "$type": "LocalEntity", "name": "Customer",
 *                    "attributes": [{ "name": "CustomerId", "dataType": "string" }, …],
 *                    "partitions": [{ "name": "…", "location": "https://…/Customer.csv",
 *                                     "fileFormatSettings": { "$type": "CsvFormatSettings", … } }] }] }
 *
 * Only what the gateway uses is read, and all of it is validated; everything else (relationships,
 * annotations other than ours, `cdm:*` extensions) is ignored.
 *
 * @param source the file's name for error messages (e.g. `demo/model.json`)
 * @throws CdmError naming the file, the JSON path and the problem
 */
export function parseModelJson(text: string, source: string): CdmFolder {
  const root = JsonObjectReader.of(parseJsonText(text, source));
  const version = root.optionalString('version');
  if (version !== undefined && version !== '1.0') throw root.at.key('version').error(`${quote(version)} is not supported (only '1.0')`);
  const name = root.string('name');
  const items = root.array('entities').map((item) => JsonObjectReader.of(item));
  const entities = items.map(readEntity);
  checkUniqueNames(items.map((entity, i) => ({ name: entities[i].name, at: entity.at.key('name') })), 'entity');
  return { name, entities };
}

function readEntity(entity: JsonObjectReader): CdmEntity {
  const type = entity.string('$type');
  if (type !== 'LocalEntity') {
    // A ReferenceEntity's rows live in another model.json; following it is not supported.
    throw entity.at.key('$type').error(`${quote(type)} is not supported (only LocalEntity)`);
  }
  const name = entity.string('name');
  const description = entity.optionalString('description');
  const attributeItems = entity.array('attributes');
  if (attributeItems.length === 0) throw entity.at.key('attributes').error('is empty: an entity needs at least one attribute');
  const attributes = attributeItems.map((item) => readAttribute(JsonObjectReader.of(item)));
  checkUniqueNames(
    attributeItems.map((item, i) => ({ name: attributes[i].name, at: item.at.key('name') })),
    'attribute',
  );
  // An entity nobody has refreshed yet has no partitions.
  const partitions = (entity.optionalArray('partitions') ?? []).map((item) => readPartition(JsonObjectReader.of(item)));
  return { name, ...(description !== undefined && { description }), attributes, partitions };
}

function readAttribute(attribute: JsonObjectReader): CdmAttribute {
  const name = attribute.string('name');
  const dataType = attribute.string('dataType');
  const mapped = modelJsonTypes.toEdm(dataType);
  if (mapped === undefined) {
    throw attribute.at.key('dataType').error(`${quote(dataType)} is not a CDM data type (${modelJsonTypes.names()})`);
  }
  const annotated = edmTypeAnnotation(attribute);
  if (annotated && !annotationFits(annotated.type, mapped)) {
    throw annotated.at.error(`${quote(annotated.type)} does not fit dataType ${quote(dataType)}`);
  }
  return { name, type: annotated?.type ?? mapped };
}

/** Our own `edm:type` annotation (see writeModelJson); other annotations are not ours to judge. */
function edmTypeAnnotation(attribute: JsonObjectReader): { type: EdmType; at: JsonAt } | undefined {
  for (const item of attribute.optionalArray('annotations') ?? []) {
    const annotation = JsonObjectReader.of(item);
    if (annotation.optionalString('name') !== EDM_TYPE_ANNOTATION) continue;
    const value = annotation.string('value');
    if (!isEdmType(value)) throw annotation.at.key('value').error(`${quote(value)} is not an EDM type`);
    return { type: value, at: annotation.at.key('value') };
  }
  return undefined;
}

function readPartition(partition: JsonObjectReader): CdmPartition {
  const location = partition.string('location');
  const name = partition.optionalString('name', { nonEmpty: true }) ?? fileNameOf(location);
  if (name === '') throw partition.at.key('location').error(`${quote(location)} names no file, and the partition has no name`);
  const refreshTime = partition.optionalString('refreshTime');
  const settings = partition.item('fileFormatSettings');
  let format = { ...CDM_CSV_DEFAULTS };
  if (settings !== undefined) {
    const csv = JsonObjectReader.of(settings);
    const type = csv.string('$type');
    if (type !== 'CsvFormatSettings') throw csv.at.key('$type').error(`${quote(type)} is not supported (only CsvFormatSettings)`);
    format = readCsvSettings((key) => csv.item(key));
  }
  return { name, location, ...(refreshTime !== undefined && { refreshTime }), format };
}
