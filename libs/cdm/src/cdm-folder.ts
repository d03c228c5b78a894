import type { EdmType } from '@app/odata';

/**
 * A CDM folder as this gateway needs it: entities, their typed attributes in column order,
 * and the CSV partitions that hold their rows. Both `model.json` and `*.manifest.cdm.json`
 * folders read into this one shape, so the rest of the gateway never sees either format.
 *
 *   model.json                          CdmFolder
 *   ├─ name: "CustomerInsights"   →     name
 *   └─ entities[]: LocalEntity    →     entities[]: CdmEntity
 *      ├─ attributes[] (dataType) →       attributes[]: { name, type: EdmType }
 *      └─ partitions[]            →       partitions[]: { name, location, refreshTime?, format }
 */
export interface CdmFolder {
  name: string;
  entities: CdmEntity[];
}

export interface CdmEntity {
  name: string;
  description?: string;
  /** In column order: headerless partitions (Customer Insights) are read by position. */
  attributes: CdmAttribute[];
  partitions: CdmPartition[];
}

export interface CdmAttribute {
  name: string;
  type: EdmType;
}

export interface CdmPartition {
  /** Display name; defaults to the file name of `location` when the file gives none. */
  name: string;
  /** As written in the file: an absolute URL (ADLS exports) or a path relative to the folder. */
  location: string;
  refreshTime?: string;
  format: CdmCsvFormat;
}

/** CSV settings of one partition. Delimiter and quote are one ASCII character each, never CR or LF. */
export interface CdmCsvFormat {
  hasHeader: boolean;
  delimiter: string;
  quote: string;
}
