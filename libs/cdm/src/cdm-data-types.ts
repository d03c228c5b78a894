import { EDM_TYPES, type EdmType } from '@app/odata';

/**
 * CDM type names → EDM. CDM spells types three ways, and every producer picks its own:
 *
 *   model.json attribute   "dataType": "int64"                     (Customer Insights, Power BI)
 *   entity document        "dataFormat": "Int32"                   (Synapse, resolved documents)
 *   entity document        "dataType": "integer" | { "dataTypeReference": "integer" }
 *
 * All three are matched case-insensitively, as the CDM object model does. Types with no EDM
 * twin become String (time, json, unclassified) so the value still reaches the client as text.
 */

/** model.json `dataType` values (the model.json schema's list, plus `date`, which Power BI writes). */
const MODEL_JSON_TYPES: ReadonlyArray<readonly [string, EdmType]> = [
  ['string', 'String'],
  ['int64', 'Int64'],
  ['double', 'Double'],
  ['decimal', 'Decimal'],
  ['boolean', 'Boolean'],
  ['dateTime', 'DateTimeOffset'],
  ['dateTimeOffset', 'DateTimeOffset'],
  ['date', 'Date'],
  ['time', 'String'],
  ['guid', 'Guid'],
  ['json', 'String'],
  ['unclassified', 'String'],
];

/** Entity-document `dataFormat` values (the object model's `cdmDataFormat`; Binary has no CSV form). */
const DATA_FORMATS: ReadonlyArray<readonly [string, EdmType]> = [
  ['String', 'String'],
  ['Char', 'String'],
  ['Byte', 'Int32'],
  ['Int16', 'Int32'],
  ['Int32', 'Int32'],
  ['Int64', 'Int64'],
  ['Float', 'Double'],
  ['Double', 'Double'],
  ['Decimal', 'Decimal'],
  ['Boolean', 'Boolean'],
  ['Date', 'Date'],
  ['Time', 'String'],
  ['DateTime', 'DateTimeOffset'],
  ['DateTimeOffset', 'DateTimeOffset'],
  ['Guid', 'Guid'],
  ['Json', 'String'],
];

/**
 * Entity-document `dataType` names: the primitives (primitives.cdm.json) and the semantic
 * types of foundations/meanings that resolved exports use most. A name outside this list
 * fails with the list, rather than being guessed.
 */
const DATA_TYPE_NAMES: ReadonlyArray<readonly [string, EdmType]> = [
  ['string', 'String'],
  ['char', 'String'],
  ['name', 'String'],
  ['email', 'String'],
  ['phone', 'String'],
  ['url', 'String'],
  ['entityName', 'String'],
  ['attributeName', 'String'],
  ['languageTag', 'String'],
  ['listLookupMultiple', 'String'],
  ['time', 'String'],
  ['json', 'String'],
  ['byte', 'Int32'],
  ['tinyInteger', 'Int32'],
  ['smallInteger', 'Int32'],
  ['integer', 'Int32'],
  ['listLookup', 'Int32'],
  ['listLookupCorrelated', 'Int32'],
  ['year', 'Int32'],
  ['bigInteger', 'Int64'],
  ['float', 'Double'],
  ['double', 'Double'],
  ['decimal', 'Decimal'],
  ['currency', 'Decimal'],
  ['boolean', 'Boolean'],
  ['date', 'Date'],
  ['dateTime', 'DateTimeOffset'],
  ['dateTimeOffset', 'DateTimeOffset'],
  ['guid', 'Guid'],
  ['entityId', 'Guid'],
];

function lookup(table: ReadonlyArray<readonly [string, EdmType]>, name: string): EdmType | undefined {
  const lower = name.toLowerCase();
  return table.find(([cdm]) => cdm.toLowerCase() === lower)?.[1];
}

function names(table: ReadonlyArray<readonly [string, EdmType]>): string {
  return table.map(([cdm]) => cdm).join(', ');
}

export const modelJsonTypes = {
  toEdm: (dataType: string): EdmType | undefined => lookup(MODEL_JSON_TYPES, dataType),
  names: (): string => names(MODEL_JSON_TYPES),
};

export const dataFormats = {
  toEdm: (dataFormat: string): EdmType | undefined => lookup(DATA_FORMATS, dataFormat),
  names: (): string => names(DATA_FORMATS),
};

export const dataTypeNames = {
  toEdm: (dataType: string): EdmType | undefined => lookup(DATA_TYPE_NAMES, dataType),
  names: (): string => names(DATA_TYPE_NAMES),
};

/**
 * What writeModelJson writes for each EDM type. Int32 and Date have no exact model.json type:
 * they are written as the nearest one every CDM reader knows (`date` is missing from the CDM
 * object model's list) and keep their EDM type through the EDM_TYPE_ANNOTATION annotation.
 */
export const MODEL_JSON_TYPE_OF: Readonly<Record<EdmType, string>> = {
  String: 'string',
  Int32: 'int64',
  Int64: 'int64',
  Double: 'double',
  Decimal: 'decimal',
  Boolean: 'boolean',
  DateTimeOffset: 'dateTimeOffset',
  Date: 'dateTime',
  Guid: 'guid',
};

/** Attribute annotation `{"name": "edm:type", "value": "Int32"}`: the exact EDM type we wrote. */
export const EDM_TYPE_ANNOTATION = 'edm:type';

export function isEdmType(value: string): value is EdmType {
  return (EDM_TYPES as readonly string[]).includes(value);
}

/**
 * Whether an annotated EDM type may narrow the type a dataType maps to. It guards against a
 * stale annotation: a tool that changes `dataType` to string but keeps `edm:type: Int32`.
 */
export function annotationFits(annotated: EdmType, mapped: EdmType): boolean {
  return annotated === mapped || (annotated === 'Int32' && mapped === 'Int64') || (annotated === 'Date' && mapped === 'DateTimeOffset');
}
