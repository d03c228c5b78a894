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

export interface RecordWriterOptions {
  /** The connector's records carry `@odata.etag`; the feed declares no concurrency token. */
  readonly etag: boolean;
  /** OData `IEEE754Compatible=true`: Int64 and Decimal as JSON strings. */
  readonly ieee754Compatible: boolean;
}

const CONNECTOR: RecordWriterOptions = { etag: true, ieee754Compatible: false };

/** Property names are escaped once per attribute list, not once per record. */
export class RecordWriter {
  private readonly names: readonly string[];
  private readonly quoted: readonly boolean[];

  constructor(
    private readonly attributes: readonly AttributeMetadata[],
    private readonly options: RecordWriterOptions = CONNECTOR,
  ) {
    this.names = attributes.map((a, i) => `${i === 0 && !options.etag ? '' : ','}${JSON.stringify(a.name)}:`);
    this.quoted = attributes.map((a) => options.ieee754Compatible && (a.type === 'Int64' || a.type === 'Decimal'));
  }

  private lastLayout?: readonly AttributeMetadata[];
  private lastAligned = false;

  /** True when `layout` starts with this writer's attributes, in order (checked once per layout). */
  private alignedWith(layout: readonly AttributeMetadata[]): boolean {
    if (layout !== this.lastLayout) {
      this.lastLayout = layout;
      this.lastAligned = layout.length >= this.attributes.length && this.attributes.every((a, i) => layout[i].name === a.name);
    }
    return this.lastAligned;
  }

  /** `annotations` go first (ending with a comma), `suffix` last (starting with one). */
  write(record: ItemRecord, annotations = '', suffix = ''): string {
    let out = this.options.etag ? `{${annotations}"@odata.etag":${JSON.stringify(formatEtag(record.etag))}` : `{${annotations}`;
    // Records whose columns line up with ours are read by position (no per-record object).
    const columns = record.columns && record.layout && this.alignedWith(record.layout) ? record.columns : undefined;
    for (let i = 0; i < this.attributes.length; i++) {
      const value = (columns ? columns[i] : record.values[this.attributes[i].name]) ?? null;
      out += this.names[i] + (this.quoted[i] && value !== null ? `"${writeValue(value)}"` : writeValue(value));
    }
    return `${out}${suffix}}`;
  }
}

export interface CollectionBody {
  /** `@odata.context` (the feed), first when present. */
  readonly context?: string;
  readonly records: readonly ItemRecord[];
  /** Per record, what follows its properties (expanded navigations). */
  readonly suffixes?: readonly string[];
  readonly count?: number;
  readonly nextLink?: string;
}

export function writeCollection(writer: RecordWriter, body: CollectionBody): string {
  const parts: string[] = ['{'];
  if (body.context !== undefined) parts.push(`"@odata.context":${JSON.stringify(body.context)},`);
  if (body.count !== undefined) parts.push(`"@odata.count":${body.count},`);
  parts.push('"value":[', body.records.map((r, i) => writer.write(r, '', body.suffixes?.[i])).join(','), ']');
  if (body.nextLink !== undefined) parts.push(`,"@odata.nextLink":${JSON.stringify(body.nextLink)}`);
  parts.push('}');
  return parts.join('');
}
