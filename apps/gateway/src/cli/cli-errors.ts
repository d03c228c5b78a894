import { ConfigValidationError } from '../config/gateway-config';
import { StoreOpenError } from '@app/storage';

/** The CLI's exit codes (README, "Command line"). */
export const ExitCode = {
  /** The command did what it was asked. */
  Ok: 0,
  /** It failed: a broken folder, a run that failed, the store unreachable. */
  Failed: 1,
  /** It was called wrongly: unknown command or option, a missing or bad value, a dataset that does not exist, bad configuration. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in how the CLI was called: printed without a stack, exit code 2. */
export class UsageError extends Error {
  /** `helpFor`: the command whose `--help` tells more (`keys create`; '' for the CLI's own), named in a hint line. */
  constructor(
    message: string,
    readonly helpFor?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs's own errors (unknown option, missing value): the caller's mistake too. */
export function isParseArgsError(error: unknown): error is Error & { code: string } {
  // By its code, not `instanceof`: node's own errors come from another realm under jest.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * What to print for an error that ended `command`, and the exit code. Expected failures get
 * their message only; the stack stays out of the operator's way (LOG_LEVEL=debug shows it).
 */
export function describeFailure(command: string | undefined, error: unknown, showStack = false): { text: string; code: ExitCode } {
  const prefix = command ? `insights-gateway ${command}` : 'insights-gateway';
  if (error instanceof UsageError) {
    const hint = error.helpFor === undefined ? '' : `\nRun '${['insights-gateway', error.helpFor, '--help'].filter(Boolean).join(' ')}' for usage.`;
    return { text: `${prefix}: ${error.message}${hint}`, code: ExitCode.Usage };
  }
  // One line per bad variable, as the gateway prints them at boot.
  if (error instanceof ConfigValidationError) return { text: error.message, code: ExitCode.Usage };
  if (error instanceof StoreOpenError) return { text: `${prefix}: ${error.message}`, code: ExitCode.Failed };
  const message = error instanceof Error ? (showStack ? (error.stack ?? error.message) : error.message) : String(error);
  return { text: `${command ?? 'insights-gateway'} failed: ${message}`, code: ExitCode.Failed };
}
