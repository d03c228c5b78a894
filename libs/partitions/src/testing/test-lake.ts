import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFolderLake, type Lake } from '@app/lake';

/** A LocalFolderLake in a fresh temp folder; `dispose` removes the folder. */
export async function tempLake(): Promise<{ lake: LocalFolderLake; dispose: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'partitions-'));
  const lake = new LocalFolderLake(root);
  return { lake, dispose: () => rm(root, { recursive: true, force: true }) };
}

/** What a {@link rechunked} lake served. */
export interface ReadLog {
  /** Every `read(path, start, end)` call. */
  readonly calls: { path: string; start: number; end: number | undefined }[];
  /** Bytes handed to the caller (not counting what it never pulled). */
  bytes: number;
}

/**
 * The same lake, but `read` hands its bytes out in tiny pieces (sizes cycle through `pieces`),
 * so records, CRLFs and UTF-8 sequences straddle chunk boundaries everywhere. A Proxy rather
 * than a class, so it keeps up with the Lake interface as it grows.
 */
export function rechunked(lake: Lake, pieces: readonly number[] = [1, 2, 3], log?: ReadLog): Lake {
  const read = async function* (path: string, start?: number, end?: number): AsyncIterable<Buffer> {
    log?.calls.push({ path, start: start ?? 0, end });
    let k = 0;
    for await (const chunk of lake.read(path, start, end)) {
      for (let at = 0; at < chunk.length; ) {
        const piece = chunk.subarray(at, at + pieces[k++ % pieces.length]);
        at += piece.length;
        if (log) log.bytes += piece.length;
        yield piece;
      }
    }
  };
  return new Proxy(lake, {
    get(target, property, receiver): unknown {
      if (property === 'read') return read;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
