/**
 * A CDM description that cannot be read. The message names the file, the JSON path and what
 * is wrong, because the person who reads it fixes the file (or the export), not our code:
 *
 *   model.json: entities[1].attributes[0].dataType 'varchar' is not a CDM data type (string, int64, …)
 *
 * It carries no HTTP status: the caller decides what a broken data source means (a failed refresh task).
 */
export class CdmError extends Error {
  /**
   * @param source the file, as the caller named it (set by {@link CdmError.at})
   * @param path the JSON path inside it; '' for the document itself or its text
   */
  constructor(
    message: string,
    readonly source?: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'CdmError';
  }

  /** The error for a problem at a place in a file: `<source>: <path> <problem>`. */
  static at(source: string, path: string, problem: string): CdmError {
    return new CdmError(`${source}: ${path === '' ? 'the document' : path} ${problem}`, source, path);
  }
}
