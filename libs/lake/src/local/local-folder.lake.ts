import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Lake, LakeContent, LakeObject } from '../lake';
import { LakeNotFoundError } from '../lake-errors';
import { checkLakePath } from '../lake-path';

const TEMP_MARKER = '.tmp-';
/** Only our own temp files: `<name>.tmp-<12 hex>`, judged by the file name, never the root's path. */
const TEMP_FILE = /\.tmp-[0-9a-f]{12}$/;
const READ_CHUNK = 1 << 20;

/** The embedded lake: a folder (`<DATA_DIR>/lake` by default). Writes go to a temp file, then rename. */
export class LocalFolderLake implements Lake {
  readonly kind = 'local' as const;

  constructor(private readonly root: string) {}

  private file(path: string): string {
    return join(this.root, ...checkLakePath(path).split('/'));
  }

  async stat(path: string): Promise<LakeObject | undefined> {
    try {
      const info = await stat(this.file(path));
      if (!info.isFile()) return undefined;
      return { path, size: info.size, etag: `${info.mtimeMs.toString(36)}-${info.size.toString(36)}-${info.ino.toString(36)}`, lastModified: info.mtime };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async *read(path: string, start = 0, end?: number): AsyncIterable<Buffer> {
    if (end !== undefined && end <= start) {
      if (!(await this.stat(path))) throw new LakeNotFoundError(path);
      return;
    }
    const stream = createReadStream(this.file(path), { start, end: end === undefined ? undefined : end - 1, highWaterMark: READ_CHUNK });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      if (isMissing(error)) throw new LakeNotFoundError(path);
      throw error;
    } finally {
      stream.destroy();
    }
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(path), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async write(path: string, content: LakeContent): Promise<LakeObject> {
    const target = this.file(path);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}${TEMP_MARKER}${randomBytes(6).toString('hex')}`;
    try {
      const source = typeof content === 'string' || Buffer.isBuffer(content) ? Readable.from([content]) : Readable.from(content);
      await pipeline(source, createWriteStream(temp));
      await syncFile(temp);
      await rename(temp, target);
      await syncFile(dirname(target));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const written = await this.stat(path);
    if (!written) throw new LakeNotFoundError(path);
    return written;
  }

  async list(prefix: string): Promise<LakeObject[]> {
    const folder = prefix === '' ? this.root : this.file(prefix);
    const files = await walk(folder);
    const objects = await Promise.all(
      files.filter((f) => !TEMP_FILE.test(basename(f))).map((f) => this.stat(relative(this.root, f).split(sep).join('/'))),
    );
    return objects.filter((o): o is LakeObject => o !== undefined).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(path: string): Promise<boolean> {
    const file = this.file(path);
    // A folder is not an object: leave it alone (rm would throw on it) and report nothing deleted.
    if (!(await this.stat(path))) return false;
    await rm(file, { force: true });
    return true;
  }

  locationOf(path: string): string {
    return checkLakePath(path);
  }

  pathOf(location: string): string | undefined {
    try {
      return checkLakePath(location);
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {}
}

async function walk(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? walk(join(folder, e.name)) : Promise.resolve(e.isFile() ? [join(folder, e.name)] : []))),
  );
  return nested.flat();
}

/** A rename is durable only once the file's data and the folder entry are both on disk. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * What a blob store would call "no such object": nothing there (ENOENT), a file used as a
 * folder on the way (ENOTDIR), or a folder where an object was expected (EISDIR).
 */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
