import { Inject, Injectable } from '@nestjs/common';
import { bindDefinitionFilter, EntityMetadata, QueryLimits } from '@app/odata';
import { InstanceCatalog, MeasureDefinition, SegmentDefinition, StorageDriver } from '@app/storage';

export interface Evaluation {
  readonly value: number;
  readonly evaluatedAt: string;
}

/**
 * Segment and measure evaluation (§6.3) with the OData query core: the definition's
 * `$filter` is bound against the entity and compiled by the store, so an indexed field in
 * the filter is an index range, exactly as on the items route.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly limits: QueryLimits,
  ) {}

  /** Replaces the segment's members with the profiles the filter selects; the count is `EntityCount`. */
  async evaluateSegment(instance: InstanceCatalog, segment: SegmentDefinition): Promise<Evaluation> {
    const profile = instance.entities.find((e) => e.kind === 'profile') as EntityMetadata;
    const members = instance.entities.find((e) => e.kind === 'segment' && e.name === segment.name) as EntityMetadata;
    const filter = bindDefinitionFilter(segment.filter, profile, this.limits);
    const count = await this.storage.materializeSegment(instance.name, members, profile, filter);
    return { value: count, evaluatedAt: new Date().toISOString() };
  }

  /** An empty set's sum, average, minimum or maximum is 0 (a trigger compares numbers). */
  async evaluateMeasure(instance: InstanceCatalog, measure: MeasureDefinition): Promise<Evaluation> {
    const entity = instance.entities.find((e) => e.name === measure.entity) as EntityMetadata;
    const filter = measure.filter === undefined ? undefined : bindDefinitionFilter(measure.filter, entity, this.limits);
    const value = await this.storage.aggregate(entity, measure.aggregate, measure.field, filter);
    return { value: value ?? 0, evaluatedAt: new Date().toISOString() };
  }
}
