import { PROCESS_NAMES, ProcessName } from '@app/storage';
import { expectPositionals, parseCommand, printUsage, requireOption } from './cli-args';
import type { CliCommand } from './cli-command';
import { UsageError } from './cli-errors';

const USAGE = `Usage: insights-gateway run <process> --dataset <name> [--wait]

  Starts a run of <process> on a dataset and prints the run's id on stdout.
  Processes: ${PROCESS_NAMES.join(', ')}.

  Without --wait, the run is queued in the store and a gateway on that store runs it: within
  15 s while one serves, else when one starts.
  With --wait, this command runs it and waits: each task is printed (stderr) as it starts and
  ends, then the run's status (stdout). Ctrl-C asks the run to cancel.
  On the embedded store (no DATABASE_URL), use --wait while the gateway is stopped.

  Exit codes: 0 queued, or (--wait) Successful; 1 the run Failed or was Canceled; 2 called wrongly.
`;

export const runCommand: CliCommand = {
  name: 'run',
  summary: `run a process (${PROCESS_NAMES.join(', ')}) on a dataset`,
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand('run', args, { dataset: { type: 'string' }, wait: { type: 'boolean' } });
    if (values.help) return printUsage(USAGE);
    const [name] = expectPositionals('run', positionals, ['process']);
    const process = PROCESS_NAMES.find((p) => p.toLowerCase() === (name as string).toLowerCase());
    if (!process) throw new UsageError(`unknown process '${name}' (processes: ${PROCESS_NAMES.join(', ')})`, 'run');
    const dataset = requireOption('run', 'dataset', values.dataset, 'the dataset to run it on');
    const usecase = await import('./run.usecase');
    return usecase.runProcess({ process: process as ProcessName, dataset, wait: values.wait === true });
  },
};
