import { readEntityDefinition, type EntityDefinition } from './cdm-entity-document.reader';
import type { CdmEntity, CdmFolder, CdmPartition } from './cdm-folder';
import { CDM_CSV_DEFAULTS, fileNameOf, readCsvSettings } from './csv-settings';
import { JsonObjectReader, parseJsonText, quote, type JsonAt, type JsonItem } from './json-input';
import { checkUniqueNames } from './unique-names';

/**
 * Reads the document at a path relative to the manifest's folder; undefined when it does not
 * exist. The caller owns I/O and path checks (a lake rejects `..` and absolute paths).
 */
export type CdmDocumentReader = (path: string) => Promise<string | undefined>;

/** An entity declaration of the manifest, before its entity document is read. */
interface Declaration {
  name: string;
  documentPath: string;
  definitionName: string;
  partitions: CdmPartition[];
  at: JsonAt;
}

const CSV_TRAIT = 'is.partition.format.CSV';

/**
 * Reads a CDM manifest (`*.manifest.cdm.json`) and the entity documents it points to:
 *
 *   { "manifestName": "default",
 *     "entities": [{ "type": "LocalEntity", "entityName": "Customer",
 *                    "entityPath": "Customer.cdm.json/Customer",        ← document / definition
 *                    "dataPartitions": [{ "location": "Customer/part-0.csv",
 *                                         "exhibitsTraits": [{ "traitReference": "is.partition.format.CSV",
 *                                                              "arguments": [{ "name": "columnHeaders", "value": "true" }] }] }] }] }
 *
 * Not supported, each failing with a CdmError that says so: sub-manifests, referenced entities
 * and `dataPartitionPatterns` (they need a folder listing and regular-expression matching;
 * list the partitions explicitly, as Synapse and Customer Insights exports do).
 *
 * Each entity document is read once, however many entities it defines.
 *
 * @throws CdmError naming the manifest or entity document, the JSON path and the problem
 */
export async function parseCdmManifest(text: string, source: string, readDocument: CdmDocumentReader): Promise<CdmFolder> {
  const root = JsonObjectReader.of(parseJsonText(text, source));
  const name = root.string('manifestName');
  const subManifests = root.optionalArray('subManifests') ?? [];
  if (subManifests.length > 0) {
    throw root.at.key('subManifests').error('are not supported: read each sub-manifest as its own folder');
  }
  const declarations = (root.optionalArray('entities') ?? []).map((item) => readDeclaration(JsonObjectReader.of(item)));
  checkUniqueNames(declarations.map((d) => ({ name: d.name, at: d.at.key('entityName') })), 'entity');

  const paths = [...new Set(declarations.map((d) => d.documentPath))];
  const texts = new Map(await Promise.all(paths.map(async (path) => [path, await readDocument(path)] as const)));
  const documents = new Map<string, JsonObjectReader>();
  const entities = declarations.map((declaration): CdmEntity => {
    const { name: entityName, documentPath, definitionName, partitions, at } = declaration;
    let document = documents.get(documentPath);
    if (document === undefined) {
      const documentText = texts.get(documentPath);
      if (documentText === undefined) throw at.key('entityPath').error(`names the document ${quote(documentPath)}, which does not exist`);
      document = JsonObjectReader.of(parseJsonText(documentText, siblingOf(source, documentPath)));
      documents.set(documentPath, document);
    }
    const definition: EntityDefinition = readEntityDefinition(document, definitionName);
    return { name: entityName, ...definition, partitions };
  });
  return { name, entities };
}

function readDeclaration(entity: JsonObjectReader): Declaration {
  const type = entity.string('type');
  if (type !== 'LocalEntity') throw entity.at.key('type').error(`${quote(type)} is not supported (only LocalEntity)`);
  const name = entity.string('entityName');
  const entityPath = entity.string('entityPath');
  const patterns = entity.optionalArray('dataPartitionPatterns') ?? [];
  if (patterns.length > 0) {
    throw entity.at.key('dataPartitionPatterns').error('are not supported: list the partitions in dataPartitions');
  }
  const partitions = (entity.optionalArray('dataPartitions') ?? []).map((item) => readPartition(JsonObjectReader.of(item)));
  return { name, ...splitEntityPath(entityPath, entity.at.key('entityPath')), partitions, at: entity.at };
}

/**
 * `Customer.cdm.json/Customer` → document `Customer.cdm.json`, definition `Customer`.
 * Corpus paths with a namespace (`adls:/…`) or from the namespace root (`/…`) are not relative
 * to the manifest's folder, and we do not know where that root is.
 */
function splitEntityPath(entityPath: string, at: JsonAt): { documentPath: string; definitionName: string } {
  if (entityPath.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(entityPath)) {
    throw at.error(`${quote(entityPath)} must be relative to the manifest's folder`);
  }
  const slash = entityPath.lastIndexOf('/');
  const documentPath = entityPath.slice(0, Math.max(slash, 0)).replace(/^(\.\/)+/, '');
  const definitionName = entityPath.slice(slash + 1);
  if (documentPath === '' || definitionName === '') {
    throw at.error(`${quote(entityPath)} must be <document>/<entity>, e.g. 'Customer.cdm.json/Customer'`);
  }
  return { documentPath, definitionName };
}

function readPartition(partition: JsonObjectReader): CdmPartition {
  const location = partition.string('location');
  const name = partition.optionalString('name', { nonEmpty: true }) ?? fileNameOf(location);
  if (name === '') throw partition.at.key('location').error(`${quote(location)} names no file, and the partition has no name`);
  const refreshTime = partition.optionalString('refreshTime');
  return { name, location, ...(refreshTime !== undefined && { refreshTime }), format: partitionFormat(partition) };
}

/** The CSV trait's arguments; another `is.partition.format.*` trait is a format we cannot read. */
function partitionFormat(partition: JsonObjectReader): CdmPartition['format'] {
  for (const item of partition.optionalArray('exhibitsTraits') ?? []) {
    const reference = typeof item.value === 'string' ? item.value : traitReferenceOf(item);
    if (reference === CSV_TRAIT) return readCsvSettings(traitArguments(item));
    if (reference?.startsWith('is.partition.format.')) {
      throw item.at.error(`${quote(reference)} is not supported (only ${CSV_TRAIT})`);
    }
  }
  return { ...CDM_CSV_DEFAULTS };
}

function traitReferenceOf(item: JsonItem): string | undefined {
  const reference = JsonObjectReader.of(item).item('traitReference');
  // An inline trait definition (an object) is never one of the format traits we look for.
  return typeof reference?.value === 'string' ? reference.value : undefined;
}

/** Named arguments (`{ "name": "delimiter", "value": ";" }`) as a settings lookup. */
function traitArguments(item: JsonItem): (name: string) => JsonItem | undefined {
  if (typeof item.value === 'string') return () => undefined;
  const values = new Map<string, JsonItem>();
  for (const argument of JsonObjectReader.of(item).optionalArray('arguments') ?? []) {
    const named = JsonObjectReader.of(argument);
    const value = named.item('value') ?? named.at.key('value').fail('is missing');
    values.set(named.string('name'), value);
  }
  return (name) => values.get(name);
}

/** The entity document's name for messages: beside the manifest, as the reader resolved it. */
function siblingOf(manifest: string, path: string): string {
  const slash = manifest.lastIndexOf('/');
  return slash < 0 ? path : `${manifest.slice(0, slash + 1)}${path}`;
}
