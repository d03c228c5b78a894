import { join } from 'node:path';
import { AzureBlobLake } from './azure/azure-blob.lake';
import type { Lake } from './lake';
import { LocalFolderLake } from './local/local-folder.lake';

export interface CreateLakeOptions {
  /** The gateway's data folder; the embedded lake lives in `<dataDir>/lake`. */
  readonly dataDir: string;
  /** When given, the lake is this Azure container (or a folder inside it) instead. */
  readonly azure?: { readonly connectionString: string; readonly container: string; readonly prefix?: string };
}

/** Picks the lake backend from validated configuration; the Azure container is created if missing. */
export async function createLake(options: CreateLakeOptions): Promise<Lake> {
  if (options.azure) return AzureBlobLake.open(options.azure);
  return new LocalFolderLake(join(options.dataDir, 'lake'));
}
