import type { AttributeMetadata, EntityMetadata } from '@app/odata';
import { BadParameterError } from '../errors/gateway-errors';
import { rawQueryOf } from '../http/raw-query';

export const MAX_PARTITION_READ_BYTES = 64 * 1024 * 1024;
export const DEFAULT_PARTITION_READ_BYTES = 4 * 1024 * 1024;
export const MAX_PARTITION_RESULTS = 100_000;
export const DEFAULT_PARTITION_RESULTS = 1000;

/** "Retrieve data from a partition" as asked (§5), every parameter checked. */
export interface PartitionDataRequest {
  readonly partitionUri: string;
  readonly offsetStart: number;
  readonly maxSize: number;
  readonly maxResults: number;
  readonly select: readonly AttributeMetadata[];
}

const PARAMETERS = ['partitionUri', 'select', 'offsetStart', 'maxSize', 'maxResults'];

export function parsePartitionDataRequest(url: string, entity: EntityMetadata): PartitionDataRequest {
  const query = new URLSearchParams(rawQueryOf(url));
  for (const name of PARAMETERS) {
    if (query.getAll(name).length > 1) throw new BadParameterError(`Parameter '${name}' is given more than once.`, name);
  }
  const partitionUri = query.get('partitionUri');
  if (partitionUri === null || partitionUri.trim() === '') {
    throw new BadParameterError("Parameter 'partitionUri' is required: a partition's name or location from 'Retrieve partitions for an entity'.", 'partitionUri');
  }
  return {
    partitionUri,
    offsetStart: integer(query, 'offsetStart', 0, 0, Number.MAX_SAFE_INTEGER),
    maxSize: integer(query, 'maxSize', DEFAULT_PARTITION_READ_BYTES, 1, MAX_PARTITION_READ_BYTES),
    maxResults: integer(query, 'maxResults', DEFAULT_PARTITION_RESULTS, 1, MAX_PARTITION_RESULTS),
    select: selection(query.get('select'), entity),
  };
}

function integer(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BadParameterError(`Parameter '${name}' must be an integer from ${min} to ${max}; got '${text}'.`, name);
  }
  return value;
}

/** `select` is a comma-separated list of attribute names (any case); empty = all, in entity order. */
function selection(text: string | null, entity: EntityMetadata): readonly AttributeMetadata[] {
  if (text === null || text.trim() === '') return entity.attributes;
  const chosen: AttributeMetadata[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    const attribute = entity.attributes.find((a) => a.name === name) ?? entity.attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
    if (!attribute) {
      throw new BadParameterError(
        `Entity '${entity.name}' has no column '${name}'. Columns: ${entity.attributes.map((a) => a.name).join(', ')}.`,
        'select',
      );
    }
    if (!chosen.includes(attribute)) chosen.push(attribute);
  }
  return chosen;
}
