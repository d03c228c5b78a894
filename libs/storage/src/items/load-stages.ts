import type { EntityMetadata } from '@app/odata';
import { ConflictError, StorageErrorCode } from '../storage-errors';

/** What every driver's stage of a staged load tracks: its entity and the rows staged so far. */
export interface StageCount {
  readonly entity: EntityMetadata;
  rows: number;
}

/**
 * The bookkeeping of a `StagedLoad`, the same in every driver: which entities take part,
 * how many rows each has staged, and that a load once committed or aborted takes nothing
 * more. A driver's stage type `S` adds its own statements or staging table.
 */
export class LoadStages<S extends StageCount> {
  private finished = false;

  constructor(private readonly stages: ReadonlyMap<string, S>) {}

  /** The stage `entity`'s rows go to; the load must be open and include the entity. */
  of(entity: EntityMetadata): S {
    this.ensureOpen();
    const stage = this.stages.get(entity.name);
    if (!stage) throw new Error(`entity ${entity.name} is not part of this load`);
    return stage;
  }

  all(): IterableIterator<S> {
    return this.stages.values();
  }

  ensureOpen(): void {
    if (this.finished) throw new Error('this load is already committed or aborted');
  }

  /** Ends the load; false when it had already ended, so an abort after a commit drops nothing. */
  finish(): boolean {
    if (this.finished) return false;
    this.finished = true;
    return true;
  }

  /** Rows staged per entity name: what a commit returns. */
  counts(): ReadonlyMap<string, number> {
    return new Map([...this.stages.values()].map((s) => [s.entity.name, s.rows]));
  }
}

/** A batch repeats a key, or repeats one staged earlier: the import's data is wrong, not the store. */
export function duplicateKeyError(entity: EntityMetadata, key: unknown): ConflictError {
  return new ConflictError(StorageErrorCode.DuplicateKey, `'${entity.name}' has ${entity.key} '${String(key)}' more than once.`, entity.key);
}
