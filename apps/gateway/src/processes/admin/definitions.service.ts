import { Inject, Injectable } from '@nestjs/common';
import { bindDefinitionFilter, EntityMetadata, QueryLimits } from '@app/odata';
import {
  Connection,
  InstanceCatalog,
  InstanceManifest,
  MeasureDefinition,
  NotFoundError,
  ScheduleDefinition,
  SegmentDefinition,
  StorageDriver,
  StorageErrorCode,
} from '@app/storage';
import { ConnectorTargetResolver } from '../../connector/connector-target.resolver';
import { BadParameterError } from '../../errors/gateway-errors';
import { SegmentsListService } from '../evaluations/segments-list.service';
import { scheduleProblem, ScheduleService } from '../schedule.service';
import type { PutMeasureDto, PutScheduleDto, PutSegmentDto } from './definitions.dto';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Segments, measures and the schedule of the admin API (§6.4): kept in the instance manifest,
 * checked when saved (a filter that does not bind is a 400 now, not a failed refresh later).
 */
@Injectable()
export class DefinitionsService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly targets: ConnectorTargetResolver,
    private readonly limits: QueryLimits,
    private readonly segmentsList: SegmentsListService,
    private readonly schedules: ScheduleService,
  ) {}

  async listSegments(connection: Connection, dataset: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const value = [];
    for (const segment of instance.manifest.segments ?? []) {
      const latest = await this.storage.processes.latestEvaluation(instance.name, 'segment', segment.name);
      value.push({ ...describeSegment(segment), entityCount: latest?.value ?? null, evaluationDate: latest?.evaluatedAt ?? null });
    }
    return { value };
  }

  async putSegment(connection: Connection, dataset: string, name: string, dto: PutSegmentDto) {
    const instance = await this.targets.dataset(connection, dataset);
    checkName(name);
    const profile = instance.entities.find((e) => e.kind === 'profile');
    if (!profile) throw new BadParameterError(`Dataset '${instance.name}' has no profile entity to define segments over.`, 'filter');
    bindDefinitionFilter(dto.filter, profile, this.limits);
    const segment: SegmentDefinition = { name, filter: dto.filter, state: dto.state ?? 'active', ...(dto.displayName ? { displayName: dto.displayName } : {}) };
    const others = (instance.manifest.segments ?? []).filter((s) => !same(s.name, name));
    await this.apply({ ...instance.manifest, segments: [...others, segment] });
    return describeSegment(segment);
  }

  async deleteSegment(connection: Connection, dataset: string, name: string): Promise<void> {
    const instance = await this.targets.dataset(connection, dataset);
    const segments = instance.manifest.segments ?? [];
    if (!segments.some((s) => same(s.name, name))) throw notFound(StorageErrorCode.SegmentNotFound, instance, 'segment', name);
    await this.apply({ ...instance.manifest, segments: segments.filter((s) => !same(s.name, name)) });
  }

  async listMeasures(connection: Connection, dataset: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const value = [];
    for (const measure of instance.manifest.measures ?? []) {
      const latest = await this.storage.processes.latestEvaluation(instance.name, 'measure', measure.name);
      value.push({ ...describeMeasure(measure), value: latest?.value ?? null, evaluationDate: latest?.evaluatedAt ?? null });
    }
    return { value };
  }

  async putMeasure(connection: Connection, dataset: string, name: string, dto: PutMeasureDto) {
    const instance = await this.targets.dataset(connection, dataset);
    checkName(name);
    const entity = instance.entities.find((e) => e.name === dto.entity);
    if (!entity) throw new BadParameterError(`Entity '${dto.entity}' is not an entity of dataset '${instance.name}'.`, 'entity');
    checkMeasureField(entity, dto);
    if (dto.filter !== undefined) bindDefinitionFilter(dto.filter, entity, this.limits);
    const measure: MeasureDefinition = {
      name,
      entity: dto.entity,
      aggregate: dto.aggregate,
      ...(dto.displayName ? { displayName: dto.displayName } : {}),
      ...(dto.field ? { field: dto.field } : {}),
      ...(dto.filter ? { filter: dto.filter } : {}),
    };
    const others = (instance.manifest.measures ?? []).filter((m) => !same(m.name, name));
    await this.apply({ ...instance.manifest, measures: [...others, measure] });
    return describeMeasure(measure);
  }

  async deleteMeasure(connection: Connection, dataset: string, name: string): Promise<void> {
    const instance = await this.targets.dataset(connection, dataset);
    const measures = instance.manifest.measures ?? [];
    if (!measures.some((m) => same(m.name, name))) throw notFound(StorageErrorCode.MeasureNotFound, instance, 'measure', name);
    await this.apply({ ...instance.manifest, measures: measures.filter((m) => !same(m.name, name)) });
  }

  async getSchedule(connection: Connection, dataset: string): Promise<ScheduleDefinition> {
    const instance = await this.targets.dataset(connection, dataset);
    return instance.manifest.schedule ?? { cron: [], timezone: 'UTC', active: false };
  }

  async putSchedule(connection: Connection, dataset: string, dto: PutScheduleDto): Promise<ScheduleDefinition> {
    const instance = await this.targets.dataset(connection, dataset);
    const schedule: ScheduleDefinition = { cron: dto.cron, timezone: dto.timezone ?? 'UTC', active: dto.active ?? true };
    const problem = scheduleProblem(schedule);
    if (problem) throw new BadParameterError(`The schedule cannot run: ${problem}.`, problem.includes('time zone') ? 'timezone' : 'cron');
    await this.apply({ ...instance.manifest, schedule });
    return schedule;
  }

  /** Applies the edited manifest, then brings what derives from it up to date. */
  private async apply(manifest: InstanceManifest): Promise<InstanceCatalog> {
    const catalog = await this.storage.applyManifest(manifest);
    await this.segmentsList.sync(catalog);
    this.schedules.apply(catalog);
    return catalog;
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new BadParameterError(`The name '${name}' must start with a letter or _ and hold only letters, digits and _ (at most 128).`, 'name');
}

function checkMeasureField(entity: EntityMetadata, dto: PutMeasureDto): void {
  if (dto.field === undefined) {
    if (dto.aggregate !== 'count') throw new BadParameterError(`Aggregate '${dto.aggregate}' needs a field.`, 'field');
    return;
  }
  if (!entity.attributes.some((a) => a.name === dto.field)) {
    throw new BadParameterError(`Field '${dto.field}' is not an attribute of '${entity.name}' (attributes: ${entity.attributes.map((a) => a.name).join(', ')}).`, 'field');
  }
}

function describeSegment(s: SegmentDefinition) {
  return { name: s.name, displayName: s.displayName ?? s.name, filter: s.filter, state: s.state ?? 'active' };
}

function describeMeasure(m: MeasureDefinition) {
  return { name: m.name, displayName: m.displayName ?? m.name, entity: m.entity, aggregate: m.aggregate, field: m.field ?? null, filter: m.filter ?? null };
}

function notFound(code: StorageErrorCode, instance: InstanceCatalog, what: string, name: string): NotFoundError {
  return new NotFoundError(code, `Dataset '${instance.name}' has no ${what} '${name}'.`, name);
}
