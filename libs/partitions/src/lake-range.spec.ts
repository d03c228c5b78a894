import { readLakeRange } from './lake-range';
import { PartitionDataError } from './partition-errors';
import { tempLake } from './testing/test-lake';

async function collect(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

describe(readLakeRange.name, () => {
  it('reads [start, end) as ranged reads of growing windows', async () => {
    const { lake, dispose } = await tempLake();
    try {
      await lake.write('f.txt', 'abcdefghijklmnopqrstuvwxyz');
      const calls: [number, number | undefined][] = [];
      const watched = new Proxy(lake, {
        get: (target, property): unknown =>
          property === 'read'
            ? (path: string, start?: number, end?: number) => {
                calls.push([start ?? 0, end]);
                return target.read(path, start, end);
              }
            : Reflect.get(target, property, target),
      });
      expect(await collect(readLakeRange(watched, 'f.txt', 2, 25, 2))).toBe('cdefghijklmnopqrstuvwxy');
      expect(calls).toEqual([
        [2, 4],
        [4, 12],
        [12, 25],
      ]);
    } finally {
      await dispose();
    }
  });

  it('fails with a PartitionDataError when the object is shorter than expected (it changed)', async () => {
    const { lake, dispose } = await tempLake();
    try {
      await lake.write('f.txt', 'abc');
      const error = await collect(readLakeRange(lake, 'f.txt', 0, 10, 100)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartitionDataError);
      expect(error).toMatchObject({ problem: 'changed', offset: 3 });
    } finally {
      await dispose();
    }
  });
});
