import { expectPositionals, integerOption, parseCommand, printUsage, requireOption } from './cli-args';
import type { CliCommand } from './cli-command';
import { UsageError } from './cli-errors';

const CREATE = `Usage: insights-gateway keys create --dataset <ds>[,<ds>…] --role reader|writer|admin [--name <display name>] [--throttle-limit N]

  Creates a connection and prints its id and key. The key is shown only here: the store keeps
  its hash. Use it as "Authorization: Bearer <key>", or in Basic auth as <id>:<key>.

  --dataset <ds>        datasets it may use, comma-separated or repeated; '*' for all of them
                        (a dataset may be granted before it exists; admin sees all anyway)
  --role <role>         reader (read items, partitions, reports), writer (and write items),
                        admin (and the admin API)
  --name <name>         display name (default: "<role> (<datasets>)")
  --throttle-limit N    calls per throttle window for this connection (default: THROTTLE_LIMIT)
`;

const LIST = `Usage: insights-gateway keys list

  Lists the connections: id, name, role, datasets, throttle limit, created. Never keys or hashes.
`;

const REVOKE = `Usage: insights-gateway keys revoke <id>

  Deletes the connection <id> (see keys list). Its key is refused from then on; a running
  gateway may accept it for up to 5 more seconds (its credential cache).
`;

const USAGE = `Usage: insights-gateway keys <create | list | revoke> …

  Connection keys in the gateway's store (DATA_DIR, or DATABASE_URL); safe while the gateway serves.

  create --dataset <ds>[,<ds>…] --role reader|writer|admin [--name <display name>] [--throttle-limit N]
      prints the new connection's id and key (the key only here: the store keeps its hash)
  list
      id, name, role, datasets, throttle limit, created (never keys or hashes)
  revoke <id>
      its key is refused from then on (by a running gateway within 5 s)

  insights-gateway keys <create | list | revoke> --help tells more.
`;

export const keysCommand: CliCommand = {
  name: 'keys',
  summary: 'create, list or revoke connection keys',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'create') return create(rest);
    if (sub === 'list') return list(rest);
    if (sub === 'revoke') return revoke(rest);
    if (sub === undefined || sub === '--help' || sub === '-h') {
      if (sub === undefined) throw new UsageError('missing subcommand: create, list or revoke', 'keys');
      return printUsage(USAGE);
    }
    throw new UsageError(`unknown subcommand '${sub}' (create, list or revoke)`, 'keys');
  },
};

async function create(args: readonly string[]) {
  const command = 'keys create';
  const { values, positionals } = parseCommand(command, args, {
    dataset: { type: 'string', multiple: true },
    role: { type: 'string' },
    name: { type: 'string' },
    'throttle-limit': { type: 'string' },
  });
  if (values.help) return printUsage(CREATE);
  expectPositionals(command, positionals, []);
  const datasets = (values.dataset ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '');
  if (datasets.length === 0) throw new UsageError('--dataset is required (a dataset name, several comma-separated, or *)', command);
  const role = requireOption(command, 'role', values.role, 'reader, writer or admin');
  const throttleLimit = integerOption(command, 'throttle-limit', values['throttle-limit'], 1, 1_000_000);
  const usecase = await import('./keys.usecase');
  return usecase.createKey({ datasets, role, displayName: values.name ?? `${role} (${datasets.join(', ')})`, throttleLimit });
}

async function list(args: readonly string[]) {
  const { values, positionals } = parseCommand('keys list', args, {});
  if (values.help) return printUsage(LIST);
  expectPositionals('keys list', positionals, []);
  const usecase = await import('./keys.usecase');
  return usecase.listKeys();
}

async function revoke(args: readonly string[]) {
  const { values, positionals } = parseCommand('keys revoke', args, {});
  if (values.help) return printUsage(REVOKE);
  const [id] = expectPositionals('keys revoke', positionals, ['id']);
  const usecase = await import('./keys.usecase');
  return usecase.revokeKey(id as string);
}
