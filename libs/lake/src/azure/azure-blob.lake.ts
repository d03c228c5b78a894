import { Readable } from 'node:stream';
import { BlobServiceClient, BlockBlobClient, ContainerClient, RestError } from '@azure/storage-blob';
import type { Lake, LakeContent, LakeObject } from '../lake';
import { LakeNotFoundError } from '../lake-errors';
import { checkLakePath } from '../lake-path';

/** Where an {@link AzureBlobLake} keeps its objects. */
export interface AzureBlobLakeOptions {
  readonly connectionString: string;
  readonly container: string;
  /** A folder inside the container that acts as the lake's root ('' or absent: the container itself). */
  readonly prefix?: string;
  /** Block size for streamed uploads (default 4 MiB); memory held per upload is about blockSize × concurrency. */
  readonly blockSize?: number;
  /** Blocks staged in parallel by a streamed upload (default 4). */
  readonly concurrency?: number;
}

const DEFAULT_BLOCK_SIZE = 4 << 20;
const DEFAULT_CONCURRENCY = 4;

/**
 * The lake on Azure Blob Storage: each lake path is a block blob under `prefix/`.
 * Block blobs give atomic writes for free: a single Put Blob, or staged blocks that only
 * become visible when the block list is committed, so a reader never sees half an object.
 */
export class AzureBlobLake implements Lake {
  readonly kind = 'azure-blob' as const;
  private readonly container: ContainerClient;
  /** The lake root inside the container, with a trailing '/' unless it is the container root. */
  private readonly root: string;
  private readonly blockSize: number;
  private readonly concurrency: number;

  /** Connects lazily: no request is made until the first operation (see {@link AzureBlobLake.open}). */
  constructor(options: AzureBlobLakeOptions) {
    this.container = BlobServiceClient.fromConnectionString(options.connectionString).getContainerClient(options.container);
    // Operators write prefixes as '/tenant/' or 'tenant'; both mean the same folder.
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.root = prefix === '' ? '' : `${checkLakePath(prefix)}/`;
    this.blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  /** Creates the lake and its container when the container does not exist yet. */
  static async open(options: AzureBlobLakeOptions): Promise<AzureBlobLake> {
    const lake = new AzureBlobLake(options);
    await lake.container.createIfNotExists();
    return lake;
  }

  private blob(path: string): BlockBlobClient {
    return this.container.getBlockBlobClient(this.root + checkLakePath(path));
  }

  async stat(path: string): Promise<LakeObject | undefined> {
    const blob = this.blob(path);
    try {
      const props = await blob.getProperties();
      return toObject(path, props.contentLength, props.etag, props.lastModified);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async *read(path: string, start = 0, end?: number): AsyncIterable<Buffer> {
    const blob = this.blob(path);
    if (end !== undefined && end <= start) {
      // Nothing to transfer, but a missing object must still fail like any other read.
      if (!(await this.stat(path))) throw new LakeNotFoundError(path);
      return;
    }
    let body: NodeJS.ReadableStream | undefined;
    try {
      // A ranged GET: the service sends only [start, end), and the body is consumed as it arrives.
      body = (await blob.download(start, end === undefined ? undefined : end - start)).readableStreamBody;
    } catch (error) {
      if (isNotFound(error)) throw new LakeNotFoundError(path);
      // 416: the range starts at or past the end (or the blob is empty); the object exists, so read nothing.
      if (error instanceof RestError && error.statusCode === 416) return;
      throw error;
    }
    if (!body) return;
    // Breaking out of for-await destroys the stream, which aborts the HTTP response.
    for await (const chunk of body) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }

  async readText(path: string): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of this.read(path)) chunks.push(chunk);
    } catch (error) {
      if (error instanceof LakeNotFoundError) return undefined;
      throw error;
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async write(path: string, content: LakeContent): Promise<LakeObject> {
    const blob = this.blob(path);
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const done = await blob.uploadData(data, { concurrency: this.concurrency });
      return this.written(path, data.length, done.etag, done.lastModified);
    }
    const counted = { bytes: 0 };
    // uploadStream stages blocks as they fill and commits the block list last (the atomic step).
    const done = await blob.uploadStream(Readable.from(asBuffers(content, counted)), this.blockSize, this.concurrency);
    return this.written(path, counted.bytes, done.etag, done.lastModified);
  }

  /** The upload response carries ETag and Last-Modified; only ask again if it did not. */
  private async written(path: string, size: number, etag: string | undefined, lastModified: Date | undefined): Promise<LakeObject> {
    if (etag && lastModified) return toObject(path, size, etag, lastModified);
    const object = await this.stat(path);
    if (!object) throw new LakeNotFoundError(path);
    return object;
  }

  async list(prefix: string): Promise<LakeObject[]> {
    // The trailing '/' keeps prefix 'a' from matching 'ab/x': prefixes are folders, not name starts.
    const folder = checkLakePath(prefix, { allowEmpty: true });
    const objects: LakeObject[] = [];
    for await (const item of this.container.listBlobsFlat({ prefix: this.root + (folder === '' ? '' : `${folder}/`) })) {
      const path = item.name.slice(this.root.length);
      objects.push(toObject(path, item.properties.contentLength, item.properties.etag, item.properties.lastModified));
    }
    // The service orders by UTF-8 bytes; sort the way the local lake does so backends agree.
    return objects.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async delete(path: string): Promise<boolean> {
    const blob = this.blob(path);
    try {
      return (await blob.deleteIfExists()).succeeded;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** The blob's URL without any query: a SAS token from the connection string must not reach clients. */
  locationOf(path: string): string {
    const url = new URL(this.blob(path).url);
    url.search = '';
    return url.toString();
  }

  pathOf(location: string): string | undefined {
    const url = parseUrl(location);
    const container = new URL(this.container.url);
    const folder = `${container.pathname.replace(/\/+$/, '')}/`;
    if (!url || url.origin !== container.origin || !url.pathname.startsWith(folder)) return undefined;
    try {
      const name = url.pathname.slice(folder.length).split('/').map(decodeURIComponent).join('/');
      return name.startsWith(this.root) ? checkLakePath(name.slice(this.root.length)) : undefined;
    } catch {
      return undefined; // malformed %-escapes or not a clean lake path: not one of ours
    }
  }

  /** The SDK keeps no per-client resources; idle keep-alive sockets do not hold the process open. */
  async close(): Promise<void> {}
}

function toObject(path: string, size: number | undefined, etag: string | undefined, lastModified: Date | undefined): LakeObject {
  return { path, size: size ?? 0, etag: bareEtag(etag ?? ''), lastModified: lastModified ?? new Date(0) };
}

/** Headers quote the ETag ("0x8D…") but blob listings do not (0x8D…); one object must have one etag. */
function bareEtag(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}

async function* asBuffers(content: AsyncIterable<Buffer | string>, counted: { bytes: number }): AsyncIterable<Buffer> {
  for await (const chunk of content) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    counted.bytes += buffer.length;
    if (buffer.length > 0) yield buffer;
  }
}

function parseUrl(location: string): URL | undefined {
  try {
    return new URL(location);
  } catch {
    return undefined;
  }
}

/** 404 covers BlobNotFound and, for HEAD requests, responses that carry no error code at all. */
function isNotFound(error: unknown): boolean {
  return error instanceof RestError && (error.statusCode === 404 || error.code === 'BlobNotFound');
}
