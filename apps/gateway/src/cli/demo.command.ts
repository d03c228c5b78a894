import { expectPositionals, integerOption, parseCommand, printUsage } from './cli-args';
import type { CliCommand } from './cli-command';
import { UsageError } from './cli-errors';

const MAX_CUSTOMERS = 50_000_000;
const MAX_SEED = 0xffffffff;

const GENERATE = `Usage: insights-gateway demo generate [--customers N] [--seed N]

  Creates the generated demo instance 'demo' in the store (DATA_DIR, or DATABASE_URL) and its
  lake folder, as the gateway's first start does; when it exists, generates its data anew (its
  segments and measures keep their definitions; run them to evaluate them again). Prints the
  demo admin key when it creates the connection 'demo-admin' (DEMO_API_KEY pins that key).
  On a terminal, a bar per entity shows the rows written (on stderr).
  On the embedded store (no DATABASE_URL), run it while the gateway is stopped.

  --customers N   customers to generate, each with about 5 activities (default: DEMO_CUSTOMERS, 10 000)
  --seed N        seed of the generator: the same seed gives the same data (default: DEMO_SEED, 42)
`;

const USAGE = `Usage: insights-gateway demo generate [--customers N] [--seed N]

  Subcommands: generate (see insights-gateway demo generate --help).
`;

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'generate the demo instance (or generate it anew)',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === '--help' || sub === '-h') return printUsage(USAGE);
    if (sub !== 'generate') throw new UsageError(sub === undefined ? 'missing subcommand: generate' : `unknown subcommand '${sub}' (generate)`, 'demo');
    const command = 'demo generate';
    const { values, positionals } = parseCommand(command, rest, { customers: { type: 'string' }, seed: { type: 'string' } });
    if (values.help) return printUsage(GENERATE);
    expectPositionals(command, positionals, []);
    const customers = integerOption(command, 'customers', values.customers, 1, MAX_CUSTOMERS);
    const seed = integerOption(command, 'seed', values.seed, 0, MAX_SEED);
    const usecase = await import('./demo.usecase');
    return usecase.generateDemo({ customers, seed });
  },
};
