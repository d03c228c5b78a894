import { EDM_TYPE_ANNOTATION, MODEL_JSON_TYPE_OF, modelJsonTypes } from './cdm-data-types';
import type { CdmAttribute, CdmEntity, CdmFolder, CdmPartition } from './cdm-folder';
import { CDM_CSV_DEFAULTS } from './csv-settings';
import { parseModelJson } from './model-json.reader';

export interface WriteModelJsonOptions {
  /** The producing application (model.json `application`), e.g. `insights-gateway`. */
  application?: string;
  /** ISO 8601 time written as `modifiedTime`; left out when not given, so output is deterministic. */
  modifiedTime?: string;
}

/**
 * Writes a folder as a CDM `model.json` that CDM tools read and that parseModelJson reads
 * back to an identical folder:
 *
 * - Int32 and Date have no exact model.json type; they are written as `int64` and `dateTime`
 *   with the attribute annotation `{"name": "edm:type", "value": "Int32"}`.
 * - model.json has no quote setting (it is always `"`); another quote character is written
 *   as a `quote` property of `fileFormatSettings`, the name the manifest trait argument uses.
 *
 * @throws CdmError when the folder is not valid (duplicate names, a bad delimiter, …): the
 *   output is read back before it is returned, so the file can never be one we reject.
 */
export function writeModelJson(folder: CdmFolder, options: WriteModelJsonOptions = {}): string {
  const document = {
    name: folder.name,
    version: '1.0',
    ...(options.application !== undefined && { application: options.application }),
    ...(options.modifiedTime !== undefined && { modifiedTime: options.modifiedTime }),
    entities: folder.entities.map(entityJson),
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  parseModelJson(text, 'model.json');
  return text;
}

function entityJson(entity: CdmEntity): object {
  return {
    $type: 'LocalEntity',
    name: entity.name,
    ...(entity.description !== undefined && { description: entity.description }),
    attributes: entity.attributes.map(attributeJson),
    partitions: entity.partitions.map(partitionJson),
  };
}

function attributeJson(attribute: CdmAttribute): object {
  const dataType = MODEL_JSON_TYPE_OF[attribute.type];
  // An unknown type (from untyped callers) is written as is and rejected by the read-back.
  if (dataType === undefined) return { name: attribute.name, dataType: String(attribute.type) };
  const exact = modelJsonTypes.toEdm(dataType) === attribute.type;
  return {
    name: attribute.name,
    dataType,
    ...(!exact && { annotations: [{ name: EDM_TYPE_ANNOTATION, value: attribute.type }] }),
  };
}

function partitionJson(partition: CdmPartition): object {
  const { hasHeader, delimiter, quote } = partition.format;
  return {
    name: partition.name,
    ...(partition.refreshTime !== undefined && { refreshTime: partition.refreshTime }),
    location: partition.location,
    fileFormatSettings: {
      $type: 'CsvFormatSettings',
      columnHeaders: hasHeader,
      delimiter,
      quoteStyle: 'QuoteStyle.Csv',
      csvStyle: 'CsvStyle.QuoteAlways',
      encoding: 'UTF-8',
      ...(quote !== CDM_CSV_DEFAULTS.quote && { quote }),
    },
  };
}
