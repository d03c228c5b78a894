export type CdmFolderKind = 'model.json' | 'manifest';

const MANIFEST_SUFFIX = '.manifest.cdm.json';

/**
 * Which description a folder has, from the names of its files relative to the folder
 * (`model.json`, `Customer/part-0.csv`). Only top-level files count, so a recursive listing
 * can be passed as is. `model.json` wins, as Customer Insights reads it first; otherwise the
 * folder needs exactly one `*.manifest.cdm.json` (with several, which one is meant is the
 * admin's choice, not ours). Names compare exactly: lakes are case-sensitive.
 */
export function cdmFolderKind(fileNames: readonly string[]): CdmFolderKind | undefined {
  const names = fileNames.filter((name) => !name.includes('/'));
  if (names.includes('model.json')) return 'model.json';
  const manifests = names.filter((name) => name.endsWith(MANIFEST_SUFFIX) && name.length > MANIFEST_SUFFIX.length);
  return manifests.length === 1 ? 'manifest' : undefined;
}
