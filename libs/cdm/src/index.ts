/**
 * Public API of the CDM folder library: pure functions from description text to a typed
 * folder and back. No I/O: callers read files (a lake) and hand text in.
 *
 *   // names: the folder's top-level file names; text: the description file's content
 *   const folder = cdmFolderKind(names) === 'model.json'
 *     ? parseModelJson(text, 'demo/model.json')
 *     : await parseCdmManifest(text, 'demo/default.manifest.cdm.json', (path) => lake.readText(`demo/${path}`));
 */
export type { CdmFolder, CdmEntity, CdmAttribute, CdmPartition, CdmCsvFormat } from './cdm-folder';
export { CdmError } from './cdm-error';
export { parseModelJson } from './model-json.reader';
export { writeModelJson } from './model-json.writer';
export type { WriteModelJsonOptions } from './model-json.writer';
export { parseCdmManifest } from './cdm-manifest.reader';
export type { CdmDocumentReader } from './cdm-manifest.reader';
export { cdmFolderKind } from './cdm-folder-kind';
export type { CdmFolderKind } from './cdm-folder-kind';
