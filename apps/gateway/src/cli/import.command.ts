import { parseCommand, printUsage } from './cli-args';
import type { CliCommand } from './cli-command';
import { UsageError } from './cli-errors';

const USAGE = `Usage: insights-gateway import <cdm-folder | file.csv> --dataset <name> [--name <data source>] [--entity <entity>]

  Copies the folder (model.json or *.manifest.cdm.json with CSV partitions) or CSV file into the
  instance's lake folder, declares it as a data source and imports it into the store. Reads the
  same environment as the gateway (DATA_DIR, AZURE_STORAGE_CONNECTION_STRING, …).

  --dataset <name>   the instance to import into (it must exist)
  --name <name>      the data source's name (default: the folder's or file's name)
  --entity <entity>  the entity a CSV file fills (required for a CSV file), or the only
                     entity of the folder to import

  On a terminal, a bar per entity shows partitions read and rows ingested (on stderr).
  Exit codes: 0 imported, 1 the import failed (nothing changed), 2 called wrongly.
`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import a CDM folder or a CSV file into a dataset',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand('import', args, { dataset: { type: 'string' }, name: { type: 'string' }, entity: { type: 'string' } });
    if (values.help) return printUsage(USAGE);
    const [source, ...rest] = positionals;
    // The whole usage follows the problem, as this command always printed it.
    const problem = !source ? 'missing <cdm-folder | file.csv>' : rest.length > 0 ? `unexpected argument '${rest[0]}'` : !values.dataset ? '--dataset is required' : undefined;
    if (problem || !source || !values.dataset) throw new UsageError(`${problem}\n\n${USAGE.trim()}`);
    const usecase = await import('./import.usecase');
    return usecase.importSource({ source, dataset: values.dataset, name: values.name, entity: values.entity });
  },
};
