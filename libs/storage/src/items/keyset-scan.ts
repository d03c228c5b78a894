import type { EntityMetadata } from '@app/odata';
import type { ItemValue } from '../storage-driver.interface';
import { RawRow, ReadColumn } from './row-record';

/**
 * Every row of `entity` in key order, in batches of `batchSize`, each batch read by
 * `fetch(after)` (`after` undefined for the first, else the last key read). Keyset batches
 * rather than one open cursor: nothing stays open between batches, so writes go on and no
 * snapshot is held while a caller works through millions of rows.
 */
export async function* keysetScan(
  entity: EntityMetadata,
  batchSize: number,
  readColumn: ReadColumn,
  fetch: (after: unknown) => RawRow[] | Promise<RawRow[]>,
): AsyncIterable<readonly (readonly ItemValue[])[]> {
  const keyIndex = entity.attributes.findIndex((a) => a.name === entity.key);
  let last: unknown;
  for (;;) {
    const rows = await fetch(last);
    if (rows.length === 0) return;
    last = rows[rows.length - 1][keyIndex];
    yield rows.map((row) => entity.attributes.map((a, i) => readColumn(a, row[i])));
    if (rows.length < batchSize) return;
  }
}
