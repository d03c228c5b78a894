/**
 * The data lake (§5): where partitions and CDM folders live. Paths are relative and
 * slash-separated (`demo/Customer/part-00000.csv`), the same on every backend.
 */
export interface LakeObject {
  readonly path: string;
  readonly size: number;
  /** Changes whenever the content does (backend's ETag, or mtime + size locally). */
  readonly etag: string;
  readonly lastModified: Date;
}

export type LakeContent = Buffer | string | AsyncIterable<Buffer | string>;

export interface Lake {
  readonly kind: 'local' | 'azure-blob';

  stat(path: string): Promise<LakeObject | undefined>;
  /**
   * Streams bytes [start, end) (end defaults to the object's size) without reading the
   * rest of the object. Throws {@link LakeNotFoundError} when the object does not exist.
   */
  read(path: string, start?: number, end?: number): AsyncIterable<Buffer>;
  /** Small objects only (model.json, indexes); undefined when absent. */
  readText(path: string): Promise<string | undefined>;
  /** Atomic: a reader sees the old content or the new, never a part. */
  write(path: string, content: LakeContent): Promise<LakeObject>;
  /** Every object under `prefix` (a folder path, '' for all), recursively, sorted by path. */
  list(prefix: string): Promise<LakeObject[]>;
  /** True when something was deleted. */
  delete(path: string): Promise<boolean>;
  /** The location clients see for a path: the blob URL on Azure, the lake path locally. */
  locationOf(path: string): string;
  /** The inverse of {@link locationOf}: the lake path of a location, or undefined when it is not in this lake. */
  pathOf(location: string): string | undefined;
  close(): Promise<void>;
}
export const Lake = Symbol('Lake');
