import type { Lake } from '@app/lake';
import { PartitionDataError } from './partition-errors';

/** The largest single ranged read: the most a §5 response may span (64 MiB). */
const MAX_WINDOW = 64 * 1024 * 1024;

/**
 * Streams bytes [start, end) of a lake object as consecutive ranged reads, the first
 * `firstWindow` bytes long and each next one four times longer. A reader that stops early
 * has asked the backend for little more than it used (a blob download is billed and
 * buffered per request), and one that goes on costs a handful of requests.
 */
export async function* readLakeRange(lake: Lake, path: string, start: number, end: number, firstWindow: number): AsyncGenerator<Buffer, void, undefined> {
  let from = start;
  let window = Math.max(1, Math.min(firstWindow, MAX_WINDOW));
  while (from < end) {
    const to = Math.min(end, from + window);
    for await (const chunk of lake.read(path, from, to)) {
      if (chunk.length === 0) continue;
      from += chunk.length;
      yield chunk;
    }
    if (from < to) {
      throw new PartitionDataError(`the partition ended at byte ${from}, before its size ${end} when read: it changed while being read`, from, { problem: 'changed' });
    }
    window = Math.min(window * 4, MAX_WINDOW);
  }
}
