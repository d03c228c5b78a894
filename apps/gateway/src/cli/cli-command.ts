import type { ExitCode } from './cli-errors';

/**
 * One command of `insights-gateway`. Its module stays light (usage and argument parsing); the
 * work is imported when it runs, so `--help` and usage errors answer without loading the
 * gateway.
 */
export interface CliCommand {
  readonly name: string;
  /** One line for `insights-gateway --help`. */
  readonly summary: string;
  readonly usage: string;
  /**
   * Runs with the arguments after the command's name. Resolves to the exit code, or to
   * `'serving'` when the process must keep running (`start`).
   */
  run(args: readonly string[]): Promise<ExitCode | 'serving'>;
}
