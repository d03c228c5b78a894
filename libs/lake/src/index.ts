export { Lake } from './lake';
export type { LakeObject, LakeContent } from './lake';
export { LakePathError, LakeNotFoundError } from './lake-errors';
export { checkLakePath, joinLakePath, lakeDirname } from './lake-path';
export { LocalFolderLake } from './local/local-folder.lake';
export { AzureBlobLake } from './azure/azure-blob.lake';
export type { AzureBlobLakeOptions } from './azure/azure-blob.lake';
export { createLake } from './create-lake';
export type { CreateLakeOptions } from './create-lake';
