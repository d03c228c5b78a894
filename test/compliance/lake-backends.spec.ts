import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AzureBlobLake, Lake, LakeNotFoundError, LakePathError, LocalFolderLake } from '@app/lake';
import { freePort } from '../e2e/support/gateway-process';
import { startAzurite } from '../support/azurite';

const MiB = 1 << 20;

/** What a backend under test provides; every assertion below is shared by all of them. */
interface BackendUnderTest {
  readonly sut: Lake;
  /** A lake rooted next to `sut` (a sibling folder or prefix) that must never see its objects. */
  readonly sibling: Lake;
  /** A lake whose every I/O fails, to prove a path check happens before any I/O. */
  readonly unreachable: Lake;
  /** The location `sut.locationOf(path)` must report. */
  location(path: string): string;
  teardown(): Promise<void>;
}

async function localFolder(): Promise<BackendUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'igw-lake-'));
  // A regular file in the way: everything below it (even after one '..') fails with ENOTDIR.
  await writeFile(join(dir, 'plain-file'), '');
  return {
    sut: new LocalFolderLake(join(dir, 'lake')),
    sibling: new LocalFolderLake(join(dir, 'lake2')),
    unreachable: new LocalFolderLake(join(dir, 'plain-file', 'x', 'lake')),
    location: (path) => path,
    teardown: () => rm(dir, { recursive: true, force: true }),
  };
}

async function azureBlob(): Promise<BackendUnderTest> {
  const azurite = await startAzurite();
  const container = `lake-${randomBytes(6).toString('hex')}`;
  const { connectionString } = azurite;
  try {
    // Nothing listens on a fresh free port: any request would fail (after retries, slowly).
    const deadEndpoint = `http://127.0.0.1:${await freePort()}/devstoreaccount1`;
    return {
      sut: await AzureBlobLake.open({ connectionString, container, prefix: 'lake' }),
      sibling: await AzureBlobLake.open({ connectionString, container, prefix: '/lake2/' }),
      unreachable: new AzureBlobLake({ connectionString: connectionString.replace(azurite.blobEndpoint, deadEndpoint), container }),
      location: (path) => `${azurite.blobEndpoint}/${container}/lake/${path.split('/').map(encodeURIComponent).join('/')}`,
      teardown: () => azurite.stop(),
    };
  } catch (error) {
    // afterAll never sees a backend that failed to open; a live emulator would keep jest from exiting.
    await azurite.stop();
    throw error;
  }
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Deterministic bytes whose value depends on the position, so an off-by-one range shows. */
function pattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) % 251;
  return bytes;
}

/** Node's fs hands out Dates from outside jest's sandbox, so `expect.any(Date)` would fail them. */
const isDate = (value: unknown) => Object.prototype.toString.call(value) === '[object Date]' && !Number.isNaN((value as Date).getTime());
/** A real collection on demand, so memory samples show what is held rather than what awaits GC. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const BAD_PATHS = ['../x', '/abs', 'a//b', 'a\\b', 'a/./b', 'x/..', 'a/', ''];

describe.each([
  { name: LocalFolderLake.name, open: localFolder },
  { name: AzureBlobLake.name, open: azureBlob },
])('Lake contract ($name)', ({ open }) => {
  let backend: BackendUnderTest;
  let sut: Lake;

  beforeAll(async () => {
    backend = await open();
    sut = backend.sut;
  }, 30_000);
  afterAll(async () => {
    await sut?.close();
    await backend?.teardown();
  });

  describe('write, stat and read back', () => {
    it('round-trips a string and reports what it wrote', async () => {
      const written = await sut.write('rt/hello.txt', 'héllo, lake\n');

      expect(written).toMatchObject({ path: 'rt/hello.txt', size: 13 });
      expect(written.etag).toMatch(/./);
      expect(isDate(written.lastModified)).toBe(true);
      const stat = await sut.stat('rt/hello.txt');
      expect(stat).toMatchObject({ path: 'rt/hello.txt', size: 13, etag: written.etag });
      expect(stat?.lastModified.getTime()).toBe(written.lastModified.getTime());
      expect(await sut.readText('rt/hello.txt')).toBe('héllo, lake\n');
    });

    it('round-trips a Buffer with every byte value', async () => {
      const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));

      await sut.write('rt/bytes.bin', bytes);

      expect((await sut.stat('rt/bytes.bin'))?.size).toBe(512);
      expect(await collect(sut.read('rt/bytes.bin'))).toEqual(bytes);
    });

    it('round-trips an async iterable of many uneven chunks (several upload blocks)', async () => {
      const expected = pattern(5 * MiB + 12_345);
      async function* chunks(): AsyncIterable<Buffer | string> {
        yield 'head:';
        for (let at = 0; at < expected.length; at += 64 * 1024 + 17) yield expected.subarray(at, Math.min(at + 64 * 1024 + 17, expected.length));
        yield '';
      }

      const written = await sut.write('rt/streamed.bin', chunks());

      expect(written.size).toBe(expected.length + 5);
      const back = await collect(sut.read('rt/streamed.bin'));
      expect(sha256(back)).toBe(sha256(Buffer.concat([Buffer.from('head:'), expected])));
    });

    it('stores an empty object', async () => {
      await sut.write('rt/empty.txt', '');

      expect((await sut.stat('rt/empty.txt'))?.size).toBe(0);
      expect(await sut.readText('rt/empty.txt')).toBe('');
      expect((await collect(sut.read('rt/empty.txt'))).length).toBe(0);
      expect((await collect(sut.read('rt/empty.txt', 0, 10))).length).toBe(0);
    });

    it('changes the etag when the content is replaced', async () => {
      const first = await sut.write('rt/over.txt', 'aaaa');
      const second = await sut.write('rt/over.txt', 'bbbb');

      expect(second.etag).not.toBe(first.etag);
      expect((await sut.stat('rt/over.txt'))?.etag).toBe(second.etag);
      expect(await sut.readText('rt/over.txt')).toBe('bbbb');
    });
  });

  describe('ranged reads', () => {
    const size = 3 * MiB + 5; // more than one local read chunk
    const content = pattern(size);
    beforeAll(() => sut.write('range/data.bin', content));

    it.each([
      ['a prefix', 0, 10],
      ['mid-chunk to mid-chunk', 5, 17],
      ['across a 1 MiB boundary', MiB - 3, MiB + 5],
      ['the last byte', size - 1, size],
      ['from an offset to the end (end omitted)', 2 * MiB + 1, undefined],
      ['everything (both omitted)', undefined, undefined],
      ['an end past the size (clipped)', size - 4, size + 100],
    ])('returns exactly [start, end) for %s', async (_what, start, end) => {
      const bytes = await collect(sut.read('range/data.bin', start, end));

      expect(bytes.equals(content.subarray(start ?? 0, Math.min(end ?? size, size)))).toBe(true);
    });

    it.each([
      ['start at the size', size, undefined],
      ['start past the size', size + 10, size + 20],
      ['an empty range', 100, 100],
      ['end before start', 100, 50],
    ])('returns nothing for %s', async (_what, start, end) => {
      expect((await collect(sut.read('range/data.bin', start, end))).length).toBe(0);
    });

    it('streams a 64 MiB range without holding it in memory', async () => {
      const big = 64 * MiB;
      const block = pattern(MiB); // byte p of the object is block[p % MiB]
      await sut.write('range/big.bin', (async function* () {
        for (let i = 0; i < big / MiB; i++) yield block;
      })());
      const [start, end] = [MiB + 7, big - 5];
      const live = () => {
        collectGarbage();
        return process.memoryUsage().arrayBuffers;
      };
      const baseline = live();
      let [peak, largest, total, nextCheck] = [0, 0, 0, 0];
      const hash = createHash('sha256');

      for await (const chunk of sut.read('range/big.bin', start, end)) {
        largest = Math.max(largest, chunk.length);
        total += chunk.length;
        hash.update(chunk);
        // Garbage-free samples (first chunk, then every 8 MiB): a backend that buffered the
        // range would hold all of it here; RSS alone is noisy because GC runs late.
        if (total >= nextCheck) {
          peak = Math.max(peak, live() - baseline);
          nextCheck = total + 8 * MiB;
        }
      }

      const expected = createHash('sha256');
      for (let at = start; at < end; ) {
        const [from, to] = [at % MiB, Math.min(MiB, (at % MiB) + end - at)];
        expected.update(block.subarray(from, to));
        at += to - from;
      }
      expect(total).toBe(end - start);
      expect(hash.digest('hex')).toBe(expected.digest('hex'));
      expect(largest).toBeLessThanOrEqual(4 * MiB);
      // A buffering backend holds the whole range (63 MiB); streaming ones stay near a fixed
      // overhead (about 16 MiB on Azure, which the SDK allocates once on the first download).
      expect(peak).toBeLessThan(big / 2);
    }, 20_000);
  });

  describe('a missing object', () => {
    it('has no stat, no text and nothing to delete', async () => {
      expect(await sut.stat('missing/nothing.csv')).toBeUndefined();
      expect(await sut.readText('missing/nothing.csv')).toBeUndefined();
      expect(await sut.delete('missing/nothing.csv')).toBe(false);
    });

    it.each([
      ['whole', undefined, undefined],
      ['ranged', 10, 20],
      ['empty-range', 5, 5],
    ])('fails a %s read with LakeNotFoundError', async (_what, start, end) => {
      await expect(collect(sut.read('missing/nothing.csv', start, end))).rejects.toThrow(LakeNotFoundError);
    });

    it.each([
      ['a folder', 'shape/dir'],
      ['a path below an object', 'shape/file.csv/x'],
    ])('is what %s is', async (_what, path) => {
      await sut.write('shape/dir/x.csv', 'x');
      await sut.write('shape/file.csv', 'f');

      expect(await sut.stat(path)).toBeUndefined();
      expect(await sut.readText(path)).toBeUndefined();
      await expect(collect(sut.read(path))).rejects.toThrow(LakeNotFoundError);
      expect(await sut.delete(path)).toBe(false);
      expect((await sut.list('shape')).map((o) => o.path)).toEqual(['shape/dir/x.csv', 'shape/file.csv']);
    });

    it('is what a deleted object becomes', async () => {
      await sut.write('missing/gone.txt', 'x');

      expect(await sut.delete('missing/gone.txt')).toBe(true);
      expect(await sut.stat('missing/gone.txt')).toBeUndefined();
      expect(await sut.delete('missing/gone.txt')).toBe(false);
    });
  });

  describe('list', () => {
    const paths = ['ls/a/1.csv', 'ls/a/b/2.csv', 'ls/a/b/c/3.csv', 'ls/a.csv', 'ls/ab/x.csv', 'ls/b/4.csv', 'ls/a/é z.csv', 'ls/a/Z.csv'];
    const sorted = (list: string[]) => [...list].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    beforeAll(async () => {
      for (const path of paths) await sut.write(path, path);
    });

    it('lists a folder recursively, sorted, and not its name-sakes', async () => {
      const listed = await sut.list('ls/a');

      expect(listed.map((o) => o.path)).toEqual(sorted(paths.filter((p) => p.startsWith('ls/a/'))));
      const object = listed.find((o) => o.path === 'ls/a/b/2.csv');
      expect(object).toMatchObject({ size: 12, etag: (await sut.stat('ls/a/b/2.csv'))?.etag });
      expect(isDate(object?.lastModified)).toBe(true);
    });

    it('lists a nested folder and the parent folder', async () => {
      expect((await sut.list('ls/a/b')).map((o) => o.path)).toEqual(['ls/a/b/2.csv', 'ls/a/b/c/3.csv']);
      expect((await sut.list('ls')).map((o) => o.path)).toEqual(sorted(paths));
    });

    it('lists everything in the lake (and only this lake) for the empty prefix', async () => {
      await backend.sibling.write('ls/a/elsewhere.csv', 'not ours');

      const everything = (await sut.list('')).map((o) => o.path);

      expect(everything).toEqual(sorted(everything));
      expect(everything).toEqual(expect.arrayContaining(paths));
      expect(everything).not.toContain('ls/a/elsewhere.csv');
      expect((await backend.sibling.list('')).map((o) => o.path)).toEqual(['ls/a/elsewhere.csv']);
    });

    it('is empty for a missing folder or an object used as a folder', async () => {
      expect(await sut.list('ls/nope')).toEqual([]);
      expect(await sut.list('ls/a.csv')).toEqual([]);
    });
  });

  describe('paths', () => {
    it.each(BAD_PATHS)('rejects %j with LakePathError before any I/O', async (path) => {
      const lake = backend.unreachable;

      await expect(lake.stat(path)).rejects.toThrow(LakePathError);
      await expect(lake.readText(path)).rejects.toThrow(LakePathError);
      await expect(collect(lake.read(path, 0, 10))).rejects.toThrow(LakePathError);
      await expect(lake.write(path, 'x')).rejects.toThrow(LakePathError);
      await expect(lake.delete(path)).rejects.toThrow(LakePathError);
      expect(() => lake.locationOf(path)).toThrow(LakePathError);
      if (path !== '') await expect(lake.list(path)).rejects.toThrow(LakePathError);
    });

    it.each([
      ['non-ASCII and spaced', 'unicode/été 2024', 'Kunden ü ñ.csv'],
      ['URL-significant', 'odd/#1 & co', "100% (copy) +'x'.csv"],
    ])('keeps %s segments intact', async (_what, folder, name) => {
      const path = `${folder}/${name}`;

      await sut.write(path, 'Zoë');

      expect(await sut.readText(path)).toBe('Zoë');
      expect((await sut.stat(path))?.size).toBe(4);
      expect((await sut.list(folder)).map((o) => o.path)).toEqual([path]);
    });

    it('reports where a path lives', () => {
      expect(sut.locationOf('demo/Customer/part 1 é.csv')).toBe(backend.location('demo/Customer/part 1 é.csv'));
    });

    it.each(['demo/Customer/part-00000.csv', 'été 2024/Kunden ü ñ.csv', "odd/#1 (copy) 100%.csv"])('maps the location of %j back to its path', (path) => {
      expect(sut.pathOf(sut.locationOf(path))).toBe(path);
    });

    it.each(['https://elsewhere.example/demo/x.csv', '../x', 'not a location at all?'])('finds no path for the foreign location %j', (location) => {
      expect(sut.pathOf(location)).toBeUndefined();
    });
  });
});
