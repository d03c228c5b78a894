import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isParseArgsError, UsageError } from './cli-errors';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses the arguments after a command's name (node:util parseArgs, strict, positionals
 * allowed, `--help`/`-h` added). A wrong option is a {@link UsageError} pointing at the
 * command's `--help`: "unknown option '--frobnicate'", not parseArgs's paragraph.
 */
export function parseCommand<O extends OptionsConfig>(command: string, args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...options, ...HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(parseArgsMessage(error), command);
    throw error;
  }
}

/** parseArgs's message without its advice about `--` (its first sentence), lower-cased as the CLI's other lines. */
function parseArgsMessage(error: { message: string }): string {
  const first = error.message.split(/\.\s/)[0]?.replace(/\.$/, '') ?? error.message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** The positionals a command takes, exactly: extra ones are a usage error, not silently dropped. */
export function expectPositionals(command: string, positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'`, command);
  const missing = names.slice(positionals.length);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((n) => `<${n}>`).join(' ')}`, command);
  return [...positionals];
}

/** A required option's value (given once). */
export function requireOption(command: string, name: string, value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required (${what})`, command);
  return value;
}

/** An integer option within [min, max], or undefined when it was not given. */
export function integerOption(command: string, name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got '${value}'`, command);
  }
  return n;
}

/** Prints a command's usage on stdout (asked for with --help): exit code 0. */
export function printUsage(usage: string): 0 {
  process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
  return 0;
}
