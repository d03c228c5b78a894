import { Inject, Injectable, Logger } from '@nestjs/common';
import { InstanceCatalog, NotFoundError, ProcessName, RunError, StorageDriver, StorageErrorCode, TaskRecord } from '@app/storage';
import { mapError } from '../errors/map-error';
import { GatewayErrorCode } from '../errors/gateway-errors';
import { ImportService } from '../datasources/import.service';
import { PartitionExportService } from '../partitions/partition-export.service';
import { EvaluationsService } from './evaluations/evaluations.service';
import { SegmentsListService } from './evaluations/segments-list.service';
import { entitiesToRewrite } from './run-plan';

/** How one task ended: never thrown, always recorded. */
export interface TaskOutcome {
  readonly error?: RunError;
  readonly result?: Readonly<Record<string, unknown>>;
  /** Segment `EntityCount` or measure `Value`, when the task evaluated one. */
  readonly evaluation?: { readonly value: number; readonly evaluatedAt: string };
}

/** Runs one task of a run; the run service records what it returns. */
@Injectable()
export class TaskRunner {
  private readonly logger = new Logger(TaskRunner.name);

  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly imports: ImportService,
    private readonly evaluations: EvaluationsService,
    private readonly segmentsList: SegmentsListService,
    private readonly exports: PartitionExportService,
  ) {}

  async run(instance: InstanceCatalog, runProcess: ProcessName, task: TaskRecord): Promise<TaskOutcome> {
    try {
      return await this.execute(instance, runProcess, task);
    } catch (error) {
      return { error: this.toRunError(instance, task, error) };
    }
  }

  private async execute(instance: InstanceCatalog, runProcess: ProcessName, task: TaskRecord): Promise<TaskOutcome> {
    switch (task.kind) {
      case 'dataSource': {
        const imported = await this.imports.importDataSource(instance.name, task.name);
        return { result: { rows: Object.fromEntries(imported.entities.map((e) => [e.entity, e.rows])), durationMs: imported.durationMs } };
      }
      case 'segment': {
        const segment = (instance.manifest.segments ?? []).find((s) => s.name === task.name);
        if (!segment) throw new NotFoundError(StorageErrorCode.SegmentNotFound, `Segment '${task.name}' was deleted before it was evaluated.`, task.name);
        const evaluation = await this.evaluations.evaluateSegment(instance, segment);
        return { evaluation, result: { entityCount: evaluation.value } };
      }
      case 'measure': {
        const measure = (instance.manifest.measures ?? []).find((m) => m.name === task.name);
        if (!measure) throw new NotFoundError(StorageErrorCode.MeasureNotFound, `Measure '${task.name}' was deleted before it was evaluated.`, task.name);
        const evaluation = await this.evaluations.evaluateMeasure(instance, measure);
        return { evaluation, result: { value: evaluation.value } };
      }
      case 'partitions': {
        await this.segmentsList.sync(instance);
        // Unchanged since their partitions were written (§3.1's rewrite would copy the same rows): skipped.
        const rewritten = [];
        for (const entity of entitiesToRewrite(runProcess, instance)) {
          if (await this.exports.isCurrent(instance.name, entity)) continue;
          await this.exports.exportEntity(instance.name, entity);
          rewritten.push(entity.name);
        }
        return { result: { entities: rewritten } };
      }
    }
  }

  /** Domain errors keep their code and message; anything else is logged and reported without internals. */
  private toRunError(instance: InstanceCatalog, task: TaskRecord, error: unknown): RunError {
    const known = mapError(error, 'connector');
    if (known && known.status < 500) return { ErrorCode: known.code, ErrorMessage: known.message, ErrorSeverity: 'Error' };
    this.logger.error(`${instance.name}: ${task.kind} task '${task.name}' failed`, error instanceof Error ? error.stack : String(error));
    return { ErrorCode: GatewayErrorCode.Internal, ErrorMessage: 'The task failed unexpectedly; the gateway log has the details.', ErrorSeverity: 'Error' };
  }
}
