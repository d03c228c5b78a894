import type { AttributeMetadata } from '@app/odata';
import type { PartitionData } from '@app/partitions';
import { writeValue } from '../connector/json-writer';

/**
 * `PartitionDataResponse` (§5) written by hand: a response holds up to 100 000 items, and
 * escaping each property name once per request beats one object per item through JSON.stringify.
 */
export function writePartitionData(data: PartitionData, select: readonly AttributeMetadata[]): string {
  const names = select.map((a, i) => `${i === 0 ? '{' : ','}${JSON.stringify(a.name)}:`);
  const parts: string[] = [`{"OffsetStart":${data.offsetStart},"OffsetEnd":${data.offsetEnd},"Size":${data.items.length},"Items":[`];
  for (let r = 0; r < data.items.length; r++) {
    const values = data.items[r];
    let item = r === 0 ? '' : ',';
    for (let i = 0; i < names.length; i++) item += names[i] + writeValue(values[i]);
    parts.push(names.length === 0 ? `${item}{}` : `${item}}`);
  }
  parts.push(']}');
  return parts.join('');
}
