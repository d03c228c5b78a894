import type { LoggerService, LogLevel } from '@nestjs/common';

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Nest's log lines in a CLI process: one plain line each on stderr, since stdout carries the
 * command's output (a key, a run id), at LOG_LEVEL (`warn` unless set). A failure to build the
 * context is left to the CLI, which reports it once, without the stack Nest's exception
 * handler would print first.
 */
export class CliLogger implements LoggerService {
  private readonly levels: ReadonlySet<LogLevel>;

  constructor(level: string) {
    this.levels = new Set(level === 'silent' ? [] : LEVELS.slice(0, LEVELS.indexOf(level as LogLevel) + 1));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    if (contextOf(rest) === 'ExceptionHandler') return;
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: readonly unknown[]): void {
    if (!this.levels.has(level)) return;
    const context = contextOf(rest);
    const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    process.stderr.write(`${level}${context ? ` [${context}]` : ''}: ${text}\n`);
  }
}

/** Nest's Logger passes its context last; a stack (with spaces) is not one. */
function contextOf(rest: readonly unknown[]): string | undefined {
  const last = rest.at(-1);
  return typeof last === 'string' && /^[\w.:-]+$/.test(last) ? last : undefined;
}
