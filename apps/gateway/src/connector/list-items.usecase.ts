import { Inject, Injectable } from '@nestjs/common';
import { AttributeMetadata, bindQuery, BoundQuery, EntityMetadata, parseQueryOptions, parseQueryString, QueryLimits, QueryMode, SkipTokenCodec } from '@app/odata';
import { ExpandLoader } from '../feed/expand-loader';
import { StorageDriver } from '@app/storage';
import { rawQueryOf } from '../http/raw-query';
import { continuationFingerprint, forwardedOptions } from '../http/continuation';
import { RecordWriter, writeCollection } from './json-writer';

export interface ListItemsCommand {
  readonly entity: EntityMetadata;
  /** The connector routes or the OData feed: same query core, different rule statuses and payloads. */
  readonly surface: QueryMode;
  /** The feed's `@odata.context`. */
  readonly context?: string;
  /** The feed's `IEEE754Compatible=true`. */
  readonly ieee754Compatible?: boolean;
  /** Entities of the same dataset, for `$expand` targets (the feed). */
  readonly related?: (name: string) => EntityMetadata | undefined;
  /** The request path and query exactly as sent (`/datasets/demo/tables/Customer/items?...`). */
  readonly url: string;
  /** Absolute origin for next links (`https://host:3000`). */
  readonly origin: string;
  /** `Prefer: odata.maxpagesize`, when sent. */
  readonly preferredPageSize?: number;
}

export interface ListItemsResult {
  readonly body: string;
  readonly appliedPageSize?: number;
}

/**
 * Get items (§3.2): one page of a filtered, projected, totally ordered query, with an
 * absolute next link whose signed `$skiptoken` holds the keyset position.
 */
@Injectable()
export class ListItemsUseCase {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly limits: QueryLimits,
    private readonly skipTokens: SkipTokenCodec,
    private readonly expander: ExpandLoader,
  ) {}

  async execute(command: ListItemsCommand): Promise<ListItemsResult> {
    const rawQuery = rawQueryOf(command.url);
    const options = parseQueryOptions(parseQueryString(rawQuery), this.limits, command.surface);
    const query = bindQuery(options, command.entity, command.surface, command.related);
    // Only continuations and pages with a next link need the fingerprint: most lookups have neither.
    const fingerprint = () => continuationFingerprint(command.url);
    const position = options.skipToken === undefined ? undefined : this.skipTokens.decode(options.skipToken, fingerprint());
    const served = position?.served ?? 0;
    const top = query.top ?? Infinity;
    const pageSize = Math.max(0, Math.min(top - served, this.limits.maxPageSize, command.preferredPageSize ?? Infinity));
    const page =
      pageSize === 0
        ? { records: [], hasMore: false }
        : await this.storage.queryItems(withExpandKeys(query), {
            limit: pageSize,
            ...(position ? { after: position.after } : query.skip ? { offset: query.skip } : {}),
          });
    const count = query.count ? (position?.count ?? (await this.storage.countItems(query))) : undefined;
    const servedNow = served + page.records.length;
    const nextLink =
      page.hasMore && servedNow < top && page.lastSortValues
        ? this.nextLink(command, rawQuery, this.skipTokens.encode({ query: fingerprint(), after: page.lastSortValues, served: servedNow, count }))
        : undefined;
    const ieee754Compatible = command.ieee754Compatible ?? false;
    const writer = new RecordWriter(query.select, { etag: command.surface === 'connector', ieee754Compatible });
    const suffixes = query.expand ? await this.expander.suffixes(page.records, query.expand, ieee754Compatible) : undefined;
    const body = writeCollection(writer, { context: command.context, records: page.records, suffixes, count, nextLink });
    // The preference is applied whenever it, not the server maximum, bounds the page.
    const applied = command.preferredPageSize !== undefined && command.preferredPageSize <= this.limits.maxPageSize;
    return { body, ...(applied ? { appliedPageSize: command.preferredPageSize } : {}) };
  }

  private nextLink(command: ListItemsCommand, rawQuery: string, token: string): string {
    const path = command.url.slice(0, command.url.length - rawQuery.length).replace(/\?$/, '');
    const kept = forwardedOptions(rawQuery);
    kept.push(`$skiptoken=${encodeURIComponent(token)}`);
    return `${command.origin}${path}?${kept.join('&')}`;
  }
}

/** Expansions join on source fields the client may not have selected: read them too (not written). */
function withExpandKeys(query: BoundQuery): BoundQuery {
  const missing = (query.expand ?? [])
    .map((e) => e.navigation.sourceField)
    .filter((field, i, all) => all.indexOf(field) === i && !query.select.some((a) => a.name === field))
    .map((field) => query.entity.attributes.find((a) => a.name === field))
    .filter((a): a is AttributeMetadata => a !== undefined);
  return missing.length === 0 ? query : { ...query, select: [...query.select, ...missing] };
}
