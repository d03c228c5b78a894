import 'reflect-metadata';
import type { CliCommand } from './cli-command';
import { describeFailure, ExitCode, UsageError } from './cli-errors';
import { demoCommand } from './demo.command';
import { importCommand } from './import.command';
import { keysCommand } from './keys.command';
import { runCommand } from './run.command';
import { startCommand } from './start.command';

/**
 * `npx insights-gateway <command> …` (§8), started by bin/insights-gateway.js. Each command
 * parses its own arguments (node:util parseArgs) and imports its work only when it runs.
 */
const COMMANDS: readonly CliCommand[] = [startCommand, keysCommand, importCommand, runCommand, demoCommand];

const USAGE = `Usage: insights-gateway <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(8)}${c.summary}`).join('\n')}

  insights-gateway <command> --help   tells more about one command.

Every command reads the gateway's environment: DATA_DIR, DATABASE_URL, AZURE_STORAGE_CONNECTION_STRING, …
Exit codes: 0 done, 1 failed (a failed run or import, the store unreachable), 2 called wrongly
(unknown command or option, a bad or missing value, an unknown dataset, invalid configuration).
`;

async function main(argv: readonly string[]): Promise<ExitCode | 'serving'> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    process.stdout.write(command ? command.usage : USAGE);
    return ExitCode.Ok;
  }
  if (name === undefined) {
    process.stderr.write(USAGE);
    return ExitCode.Usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`, '');
  return command.run(rest);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    if (code !== 'serving') process.exit(code);
  },
  (error: unknown) => {
    const [first, second] = argv;
    const withSub = (first === 'keys' || first === 'demo') && second !== undefined && /^[a-z]+$/.test(second);
    const named = COMMANDS.some((c) => c.name === first) ? (withSub ? `${first} ${second}` : first) : undefined;
    const { text, code } = describeFailure(named, error, /^(debug|verbose)$/.test(process.env.LOG_LEVEL ?? ''));
    process.stderr.write(`${text}\n`);
    process.exit(code);
  },
);
