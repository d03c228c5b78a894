import type { AttributeMetadata } from '@app/odata';
import { formatEtag, ItemRecord, ItemValue } from '@app/storage';

/**
 * Hand-written JSON for records: Int64 beyond 2^53 must go out as exact digits,
 * which `JSON.stringify` cannot do for bigint on Node 20, and flat typed records
 * serialize faster this way than through a replacer.
 */
export function writeValue(value: ItemValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return 'null';
  }
}

/** Property names are escaped once per attribute list, not once per record. */
export class RecordWriter {
  private readonly names: readonly string[];

  constructor(private readonly attributes: readonly AttributeMetadata[]) {
    this.names = attributes.map((a) => `,${JSON.stringify(a.name)}:`);
  }

  write(record: ItemRecord): string {
    let out = `{"@odata.etag":${JSON.stringify(formatEtag(record.etag))}`;
    for (let i = 0; i < this.attributes.length; i++) {
      out += this.names[i] + writeValue(record.values[this.attributes[i].name] ?? null);
    }
    return `${out}}`;
  }
}

export interface CollectionBody {
  readonly records: readonly ItemRecord[];
  readonly count?: number;
  readonly nextLink?: string;
}

export function writeCollection(writer: RecordWriter, body: CollectionBody): string {
  const parts: string[] = ['{'];
  if (body.count !== undefined) parts.push(`"@odata.count":${body.count},`);
  parts.push('"value":[', body.records.map((r) => writer.write(r)).join(','), ']');
  if (body.nextLink !== undefined) parts.push(`,"@odata.nextLink":${JSON.stringify(body.nextLink)}`);
  parts.push('}');
  return parts.join('');
}
