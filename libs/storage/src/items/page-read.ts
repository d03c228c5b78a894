import type { AttributeMetadata, BoundQuery } from '@app/odata';
import type { ItemsPage, PageRequest } from '../storage-driver.interface';
import { ETAG_COLUMN } from './entity-table';
import { RawRow, ReadColumn, toRecord } from './row-record';

/** A pseudo attribute so the compiler selects the version column with the data. */
const ETAG_ATTRIBUTE: AttributeMetadata = { name: ETAG_COLUMN, displayName: ETAG_COLUMN, type: 'String', nullable: false };

/**
 * One page of an OData query, as both drivers read it: what to compile, and how the rows
 * it returns become the page. Only running the compiled SQL is the driver's.
 *
 * ```
 * $select=Name&$orderby=City  →  SELECT "Name", "City", "__etag" … LIMIT limit + 1
 *                                 rows → records of Name; lastSortValues from City
 * ```
 */
export interface PageRead {
  /** The query to compile: the selected columns, then sort columns not selected, then the version. */
  readonly query: BoundQuery;
  /** One row more than asked tells whether another page exists, without a count. */
  readonly page: PageRequest;
  /** The data columns each row starts with, in order (the version follows them). */
  readonly attributes: readonly AttributeMetadata[];
  /** The page from the compiled query's rows (the extra row is cut off `rows` itself). */
  toPage(rows: RawRow[]): ItemsPage;
}

export function planPageRead(query: BoundQuery, page: PageRequest, readColumn: ReadColumn): PageRead {
  const sortAttributes = query.orderBy.map((o) => o.property.attribute);
  const read = unionAttributes(query.select, sortAttributes);
  const sortColumns = sortAttributes.map((a) => read.findIndex((r) => r.name === a.name));
  return {
    query: { ...query, select: [...read, ETAG_ATTRIBUTE] },
    page: { ...page, limit: page.limit + 1 },
    attributes: read,
    toPage(rows) {
      const hasMore = rows.length > page.limit;
      if (hasMore) rows.length = page.limit;
      const records = rows.map((row) => toRecord(readColumn, query.select, row, read.length));
      const last = rows[rows.length - 1];
      return {
        records,
        hasMore,
        ...(last ? { lastSortValues: sortAttributes.map((a, i) => readColumn(a, last[sortColumns[i]])) } : {}),
      };
    },
  };
}

function unionAttributes(a: readonly AttributeMetadata[], b: readonly AttributeMetadata[]): AttributeMetadata[] {
  const seen = new Set(a.map((x) => x.name));
  return [...a, ...b.filter((x) => !seen.has(x.name))];
}
