import { bindDefinitionFilter, EntityMetadata, ODataError, QueryLimits } from '@app/odata';
import type { InstanceManifest, MeasureDefinition, ScheduleDefinition, SegmentDefinition, ReportRecipients } from './instance-manifest';
import { MEASURE_AGGREGATES } from './instance-manifest';
import { ManifestError } from '../storage-errors';

/** The system entity listing an instance's segments (§6.3). */
export const SEGMENTS_ENTITY = 'Segments';

const DEFINITION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const NUMERIC = new Set(['Int32', 'Int64', 'Double', 'Decimal']);
/** Definitions are checked with the default limits: they are evaluated in batch, by the gateway. */
const limits = new QueryLimits();

/**
 * Segments become entities (§6.3): one membership entity per segment, with exactly the
 * segment's name and the profile's attributes (key `CustomerId`), and the `Segments` list.
 * Both are rebuilt by evaluations and read-only through the API; both come with the first segment.
 */
export function segmentEntities(manifest: InstanceManifest, profile: EntityMetadata | undefined, declared: readonly EntityMetadata[]): EntityMetadata[] {
  const segments = manifest.segments ?? [];
  // An instance without segments has no `Segments` list either: one entity less to explain.
  if (segments.length === 0) return [];
  if (!profile) throw new ManifestError(`instance '${manifest.name}' has segments but no profile entity to evaluate them over`);
  if (declared.some((e) => e.name.toLowerCase() === SEGMENTS_ENTITY.toLowerCase())) {
    throw new ManifestError(`instance '${manifest.name}': the entity name '${SEGMENTS_ENTITY}' is reserved for the list of segments`);
  }
  const taken = new Set(declared.map((e) => e.name.toLowerCase()).concat(SEGMENTS_ENTITY.toLowerCase()));
  const members = segments.map((segment) => {
    checkSegment(manifest, segment, profile, taken);
    taken.add(segment.name.toLowerCase());
    return membershipEntity(manifest, segment, profile);
  });
  return [...members, segmentsListEntity(manifest)];
}

function checkSegment(manifest: InstanceManifest, segment: SegmentDefinition, profile: EntityMetadata, taken: ReadonlySet<string>): void {
  const where = `segment '${segment.name}' of instance '${manifest.name}'`;
  if (typeof segment.name !== 'string' || !DEFINITION_NAME.test(segment.name)) throw new ManifestError(`${where}: name must match ${DEFINITION_NAME.source}`);
  if (taken.has(segment.name.toLowerCase())) throw new ManifestError(`${where}: the name is already an entity or segment of the instance`);
  if (segment.state !== undefined && segment.state !== 'active' && segment.state !== 'inactive') {
    throw new ManifestError(`${where}: state must be 'active' or 'inactive'`);
  }
  checkFilter(where, segment.filter, profile);
}

function membershipEntity(manifest: InstanceManifest, segment: SegmentDefinition, profile: EntityMetadata): EntityMetadata {
  return {
    name: segment.name,
    displayName: segment.displayName ?? segment.name,
    kind: 'segment',
    attributes: profile.attributes,
    key: profile.key,
    keyGenerated: false,
    filterableFields: [profile.key],
    sortFields: [],
    table: `${manifest.name}__${segment.name}`,
  };
}

function segmentsListEntity(manifest: InstanceManifest): EntityMetadata {
  const text = (name: string, nullable = true) => ({ name, displayName: name, type: 'String' as const, nullable });
  return {
    name: SEGMENTS_ENTITY,
    displayName: SEGMENTS_ENTITY,
    kind: 'other',
    attributes: [
      text('Name', false),
      text('DisplayName'),
      text('Filter'),
      text('State'),
      { name: 'EntityCount', displayName: 'EntityCount', type: 'Int64', nullable: true },
      { name: 'EvaluationDate', displayName: 'EvaluationDate', type: 'DateTimeOffset', nullable: true },
    ],
    key: 'Name',
    keyGenerated: false,
    filterableFields: ['Name'],
    sortFields: [],
    table: `${manifest.name}__${SEGMENTS_ENTITY}`,
    derived: true,
  };
}

/** Measures (§2): the entity and field exist, the aggregate fits the field's type, the filter binds. */
export function checkMeasures(manifest: InstanceManifest, entities: readonly EntityMetadata[]): void {
  const seen = new Set<string>();
  for (const measure of manifest.measures ?? []) {
    const where = `measure '${measure.name}' of instance '${manifest.name}'`;
    if (typeof measure.name !== 'string' || !DEFINITION_NAME.test(measure.name)) throw new ManifestError(`${where}: name must match ${DEFINITION_NAME.source}`);
    if (seen.has(measure.name.toLowerCase())) throw new ManifestError(`instance '${manifest.name}' declares measure '${measure.name}' twice`);
    seen.add(measure.name.toLowerCase());
    const entity = entities.find((e) => e.name === measure.entity);
    if (!entity) throw new ManifestError(`${where}: entity '${measure.entity}' is not an entity of the instance`);
    checkAggregate(where, measure, entity);
    if (measure.filter !== undefined) checkFilter(where, measure.filter, entity);
  }
}

function checkAggregate(where: string, measure: MeasureDefinition, entity: EntityMetadata): void {
  if (!MEASURE_AGGREGATES.includes(measure.aggregate)) throw new ManifestError(`${where}: aggregate must be one of ${MEASURE_AGGREGATES.join(', ')}`);
  if (measure.field === undefined) {
    if (measure.aggregate !== 'count') throw new ManifestError(`${where}: aggregate '${measure.aggregate}' needs a field`);
    return;
  }
  const attribute = entity.attributes.find((a) => a.name === measure.field);
  if (!attribute) {
    throw new ManifestError(`${where}: field '${measure.field}' is not an attribute of '${entity.name}' (attributes: ${entity.attributes.map((a) => a.name).join(', ')})`);
  }
  if (measure.aggregate !== 'count' && measure.aggregate !== 'countDistinct' && !NUMERIC.has(attribute.type)) {
    throw new ManifestError(`${where}: '${measure.aggregate}' needs a numeric field; '${attribute.name}' is Edm.${attribute.type}`);
  }
}

function checkFilter(where: string, filter: unknown, entity: EntityMetadata): void {
  if (typeof filter !== 'string') throw new ManifestError(`${where}: filter must be an OData $filter string`);
  try {
    bindDefinitionFilter(filter, entity, limits);
  } catch (error) {
    if (error instanceof ODataError) throw new ManifestError(`${where}: filter does not apply to '${entity.name}': ${error.message}`);
    throw error;
  }
}

/** Shape only: the cron expressions themselves are checked by the scheduler that parses them. */
export function checkSchedule(manifest: InstanceManifest, schedule: ScheduleDefinition | undefined): void {
  if (schedule === undefined) return;
  const where = `schedule of instance '${manifest.name}'`;
  if (!Array.isArray(schedule.cron) || schedule.cron.some((c) => typeof c !== 'string')) throw new ManifestError(`${where}: cron must be a list of cron expressions`);
  if (typeof schedule.timezone !== 'string' || typeof schedule.active !== 'boolean') throw new ManifestError(`${where}: timezone (text) and active (true/false) are required`);
}

export function checkReportRecipients(manifest: InstanceManifest, reports: ReportRecipients | undefined): void {
  if (reports === undefined) return;
  const lists = [reports.webhooks ?? [], reports.emails ?? []];
  if (lists.some((list) => !Array.isArray(list) || list.some((v) => typeof v !== 'string'))) {
    throw new ManifestError(`report recipients of instance '${manifest.name}': webhooks and emails are lists of text`);
  }
}
