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

/** A CDM entity of a data source imported into an instance entity. */
export interface DataSourceEntityMapping {
  /** The entity's name in the CDM folder (for a CSV file: ignored). */
  readonly name: string;
  /** The instance entity it fills; defaults to `name`. */
  readonly entity?: string;
}

/**
 * A data source (§2): a CDM folder (`model.json` or `*.manifest.cdm.json` with CSV
 * partitions) or one CSV file with a header row, in the instance's lake folder.
 */
export interface DataSourceDefinition {
  readonly name: string;
  readonly kind: 'cdm' | 'csv';
  /** Path inside `<lake>/<instance>/`, e.g. `datasources/PosSystem`. */
  readonly location: string;
  /** Which entities to import; by default every CDM entity the instance declares by name (csv: exactly one). */
  readonly entities?: readonly DataSourceEntityMapping[];
}

/** A segment (§2): the customers an OData `$filter` over the profile entity selects. */
export interface SegmentDefinition {
  readonly name: string;
  readonly displayName?: string;
  readonly filter: string;
  /** Inactive segments are kept but not evaluated (default active). */
  readonly state?: 'active' | 'inactive';
}

export const MEASURE_AGGREGATES = ['count', 'countDistinct', 'sum', 'avg', 'min', 'max'] as const;
export type MeasureAggregate = (typeof MEASURE_AGGREGATES)[number];

/** A business measure (§2): one number aggregated over an entity, optionally filtered. */
export interface MeasureDefinition {
  readonly name: string;
  readonly displayName?: string;
  readonly entity: string;
  readonly aggregate: MeasureAggregate;
  /** Required except for `count`. */
  readonly field?: string;
  readonly filter?: string;
}

/** When scheduled full refreshes run (§6.3): 5- or 6-field cron expressions. */
export interface ScheduleDefinition {
  readonly cron: readonly string[];
  /** IANA time zone (default UTC). */
  readonly timezone: string;
  readonly active: boolean;
}

/** Who receives status reports (§6.5). */
export interface ReportRecipients {
  readonly webhooks?: readonly string[];
  readonly emails?: readonly string[];
}

export interface InstanceManifest {
  /** URL-safe id (`demo`). */
  readonly name: string;
  readonly displayName: string;
  /** Customer attributes in the search & filter index (§2). */
  readonly searchIndex: readonly string[];
  readonly entities: readonly EntityDefinition[];
  readonly dataSources?: readonly DataSourceDefinition[];
  readonly segments?: readonly SegmentDefinition[];
  readonly measures?: readonly MeasureDefinition[];
  readonly schedule?: ScheduleDefinition;
  readonly reports?: ReportRecipients;
}
