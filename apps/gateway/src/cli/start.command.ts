import { expectPositionals, parseCommand, printUsage } from './cli-args';
import type { CliCommand } from './cli-command';
import type { ExitCode } from './cli-errors';

const USAGE = `Usage: insights-gateway start

  Runs the gateway, as npm start does (without building): serves on PORT (default 3000) with the
  store in DATA_DIR (default ./data) or DATABASE_URL, creating the demo instance on first start
  unless DEMO=false. Configuration comes from the environment only (README, "Configuration").

  It runs until stopped (SIGINT or SIGTERM shut it down cleanly). Exit codes when it cannot start:
  1 (the store unreachable, say), 2 (an invalid configuration).
`;

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'run the gateway (as npm start)',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand('start', args, {});
    if (values.help) return printUsage(USAGE);
    expectPositionals('start', positionals, []);
    const { reportStartFailure, serveGateway } = await import('../bootstrap/serve-gateway');
    try {
      await serveGateway(process.env);
      return 'serving';
    } catch (error) {
      return reportStartFailure(error) as ExitCode;
    }
  },
};
