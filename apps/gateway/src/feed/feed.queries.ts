import { Inject, Injectable } from '@nestjs/common';
import {
  bindQuery,
  EdmNames,
  EntityMetadata,
  ODataErrorCode,
  ODataNotImplementedError,
  ODataSemanticError,
  parseQueryOptions,
  parseQueryString,
  QueryLimits,
  writeCsdl,
} from '@app/odata';
import { decodeKeySegment, InstanceCatalog, NotFoundError, StorageDriver, StorageErrorCode } from '@app/storage';
import { rawQueryOf } from '../http/raw-query';
import { RecordWriter } from '../connector/json-writer';
import type { FeedResource } from './feed-resource';
import { ExpandLoader } from './expand-loader';

/** Reads of the OData feed (§4) other than collections, which share the connector's use case. */
@Injectable()
export class FeedQueries {
  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    private readonly limits: QueryLimits,
    private readonly expander: ExpandLoader,
  ) {}

  serviceDocument(instance: InstanceCatalog, feedRoot: string): string {
    const names = edmNames(instance);
    const value = instance.entities.map((e) => ({ name: names.edm(e.name), kind: 'EntitySet', url: names.edm(e.name) }));
    return JSON.stringify({ '@odata.context': `${feedRoot}$metadata`, value });
  }

  metadata(instance: InstanceCatalog): string {
    return writeCsdl({ dataset: instance.name, entities: instance.entities });
  }

  /** The entity an EDM set name stands for; 404 for anything else. */
  entitySet(instance: InstanceCatalog, set: string): { entity: EntityMetadata; edmName: string } {
    const original = edmNames(instance).original(set);
    const entity = instance.entities.find((e) => e.name === original);
    if (!entity) {
      throw new NotFoundError(StorageErrorCode.TableNotFound, `Dataset '${instance.name}' has no entity set '${set}'.`, set);
    }
    return { entity, edmName: set };
  }

  /** `Set('key')`: the record with `@odata.context` `…#Set/$entity`; `$select`, `$expand` and `$format` apply, the rest is a 400. */
  async entity(instance: InstanceCatalog, entity: EntityMetadata, resource: FeedResource, url: string, context: string, ieee754Compatible: boolean): Promise<string> {
    if (resource.keyProperty !== undefined && resource.keyProperty !== entity.key) {
      throw new ODataSemanticError(ODataErrorCode.UnknownProperty, `The key of '${entity.name}' is '${entity.key}', not '${resource.keyProperty}'.`, resource.keyProperty);
    }
    const options = parseQueryOptions(parseQueryString(rawQueryOf(url)), this.limits, 'feed');
    const inapplicable = (['filter', 'orderBy', 'top', 'skip', 'skipToken'] as const).find((o) => options[o] !== undefined);
    if (inapplicable || options.count) {
      const name = `$${(inapplicable ?? 'count').toLowerCase()}`;
      throw new ODataSemanticError(ODataErrorCode.InvalidValue, `${name} does not apply to a single entity.`, name);
    }
    const query = bindQuery(options, entity, 'feed', relatedIn(instance));
    const record = await this.storage.getItem(entity, decodeKeySegment(entity, resource.key ?? ''));
    if (!record) {
      throw new NotFoundError(StorageErrorCode.ItemNotFound, `No record of '${entity.name}' has ${entity.key} '${resource.key}'.`, entity.key);
    }
    const writer = new RecordWriter(query.select, { etag: false, ieee754Compatible });
    const suffix = query.expand ? (await this.expander.suffixes([record], query.expand, ieee754Compatible))[0] : '';
    return writer.write(record, `"@odata.context":${JSON.stringify(context)},`, suffix);
  }

  /** 501 for a navigation the entity has (use `$expand`), 404 for anything else. */
  navigationPathNotSupported(entity: EntityMetadata, navigation: string): Error {
    if ((entity.navigations ?? []).some((n) => n.name === navigation)) {
      return new ODataNotImplementedError(`Navigation paths are not supported; use $expand=${navigation} on '${entity.name}'.`, navigation);
    }
    return new NotFoundError(StorageErrorCode.TableNotFound, `'${entity.name}' has no navigation or segment '${navigation}'.`, navigation);
  }

  /** `Set/$count`: the size of the filtered collection, as plain text. */
  async count(entity: EntityMetadata, url: string): Promise<string> {
    const options = parseQueryOptions(parseQueryString(rawQueryOf(url)), this.limits, 'feed');
    return String(await this.storage.countItems(bindQuery(options, entity, 'feed')));
  }
}

/** `$expand` targets: the dataset's entities by logical name. */
export function relatedIn(instance: InstanceCatalog): (name: string) => EntityMetadata | undefined {
  return (name) => instance.entities.find((e) => e.name === name);
}

function edmNames(instance: InstanceCatalog): EdmNames {
  return new EdmNames(instance.entities.map((e) => e.name));
}
