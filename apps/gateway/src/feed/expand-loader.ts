import { Inject, Injectable } from '@nestjs/common';
import { BoundExpand, BoundExpr, BoundProperty, BoundQuery, ODataErrorCode, ODataLimitError, QueryLimits, StorageValue } from '@app/odata';
import { ItemRecord, ItemValue, StorageDriver } from '@app/storage';
import { RecordWriter } from '../connector/json-writer';

/**
 * `$expand` for one page of records: ONE query per navigation (`targetField IN (page keys)`),
 * never one per record, grouped back by key; nested `$top` applies per parent after the read,
 * so the related-row limit counts every related row of the page.
 */
@Injectable()
export class ExpandLoader {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly limits: QueryLimits,
  ) {}

  /** Per record, the JSON that follows its properties: `,"UnifiedActivity":[…],"Customer_Measure":{…}`. */
  async suffixes(records: readonly ItemRecord[], expands: readonly BoundExpand[], ieee754Compatible: boolean): Promise<string[]> {
    const suffixes = records.map(() => '');
    for (const expand of expands) {
      const groups = await this.load(records, expand);
      const writer = new RecordWriter(expand.query.select, { etag: false, ieee754Compatible });
      const name = JSON.stringify(expand.navigation.name);
      records.forEach((record, i) => {
        const rows = groups.get(groupKey(record.values[expand.navigation.sourceField] ?? null)) ?? [];
        const json = expand.navigation.many ? `[${rows.map((r) => writer.write(r)).join(',')}]` : rows[0] ? writer.write(rows[0]) : 'null';
        suffixes[i] += `,${name}:${json}`;
      });
    }
    return suffixes;
  }

  private async load(records: readonly ItemRecord[], expand: BoundExpand): Promise<Map<string, ItemRecord[]>> {
    const { navigation, query } = expand;
    const keys = distinctKeys(records, navigation.sourceField);
    if (keys.length === 0) return new Map();
    const page = await this.storage.queryItems(relatedRowsQuery(query, navigation.targetField, keys), { limit: this.limits.maxExpandRows });
    if (page.hasMore) {
      throw new ODataLimitError(
        ODataErrorCode.LimitExceeded,
        `$expand=${navigation.name} would bring more than ${this.limits.maxExpandRows} related rows for this page; ` +
          'ask for smaller pages (Prefer: odata.maxpagesize, or $top).',
        '$expand',
      );
    }
    const groups = new Map<string, ItemRecord[]>();
    for (const record of page.records) {
      const key = groupKey(record.values[navigation.targetField] ?? null);
      const group = groups.get(key) ?? [];
      if (query.top === undefined || group.length < query.top) group.push(record);
      groups.set(key, group);
    }
    return groups;
  }
}

/** The expansion's own query, restricted to the page's keys and ordered by them first. */
function relatedRowsQuery(query: BoundQuery, targetField: string, keys: readonly StorageValue[]): BoundQuery {
  const attribute = query.entity.attributes.find((a) => a.name === targetField);
  if (!attribute) throw new Error(`${query.entity.name} has no ${targetField}`);
  const property: BoundProperty = { kind: 'property', attribute, column: attribute.name };
  const membership: BoundExpr = { kind: 'in', property, values: keys };
  return {
    entity: query.entity,
    filter: query.filter ? { kind: 'and', left: membership, right: query.filter } : membership,
    select: query.select.some((a) => a.name === targetField) ? query.select : [...query.select, attribute],
    orderBy: [{ property, direction: 'asc' }, ...query.orderBy.filter((o) => o.property.attribute.name !== targetField)],
    count: false,
  };
}

function distinctKeys(records: readonly ItemRecord[], field: string): StorageValue[] {
  const seen = new Map<string, StorageValue>();
  for (const record of records) {
    const value = record.values[field];
    if (value !== null && value !== undefined) seen.set(groupKey(value), value);
  }
  return [...seen.values()];
}

function groupKey(value: ItemValue): string {
  return `${typeof value}:${String(value)}`;
}
