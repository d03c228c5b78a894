import type { AttributeMetadata } from '@app/odata';
import type { CsvValue, PartitionData } from '@app/partitions';
import { writeValue } from '../connector/json-writer';

const CHUNK_CHARS = 64 * 1024;

/**
 * `PartitionDataResponse` (§5), written item by item as the reader produces them: each
 * record becomes JSON at once and lands in 64 KiB buffers, so a page of 20 000 records never
 * exists as values, objects or one large string (that is what kept RSS over 500 MB).
 * Property names are escaped once per request.
 */
export class PartitionDataWriter {
  private readonly names: readonly string[];
  private readonly chunks: Buffer[] = [];
  private pending = '';
  private written = 0;

  constructor(select: readonly AttributeMetadata[]) {
    this.names = select.map((a, i) => `${i === 0 ? '{' : ','}${JSON.stringify(a.name)}:`);
  }

  /** Pass as the read request's `onItem`. */
  readonly item = (values: readonly CsvValue[]): void => {
    let out = this.written === 0 ? '' : ',';
    for (let i = 0; i < this.names.length; i++) out += this.names[i] + writeValue(values[i]);
    this.pending += this.names.length === 0 ? `${out}{}` : `${out}}`;
    this.written++;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
  };

  /** The whole response; `data` gives the offsets known only once the page is complete. */
  finish(data: PartitionData): Buffer[] {
    this.flush();
    const head = `{"OffsetStart":${data.offsetStart},"OffsetEnd":${data.offsetEnd},"Size":${data.count},"Items":[`;
    return [Buffer.from(head), ...this.chunks, Buffer.from(']}')];
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Buffer.from(this.pending));
    this.pending = '';
  }
}
