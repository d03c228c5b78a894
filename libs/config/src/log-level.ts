import { destination, stdTimeFunctions, type DestinationStream, type LoggerOptions } from 'pino';

/** `LOG_LEVEL` values: Nest's level names, quietest first. */
export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const PINO_LEVEL: Record<LogLevelName, string> = { silent: 'silent', fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** The pino level a `LOG_LEVEL` means (`log` → `info`, `verbose` → `trace`). */
export function pinoLevelOf(level: string): string {
  return PINO_LEVEL[level as LogLevelName] ?? 'info';
}

/**
 * What every process logs the same way (§8): one JSON object per line on stdout, with an ISO
 * `time` and the level by name (`"level":"warn"`). Credentials are censored wherever a header
 * object gets logged; request lines carry no headers and no query string in the first place.
 */
export function pinoOptions(logLevel: string): LoggerOptions {
  return {
    level: pinoLevelOf(logLevel),
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: ['headers.authorization', 'headers["api-key"]', 'headers.cookie', '*.headers.authorization', '*.headers["api-key"]', '*.headers.cookie'],
      censor: '[redacted]',
    },
  };
}

/**
 * stdout, written synchronously as `process.stdout` is on a Linux pipe: pino's default buffers
 * and flushes on `exit`, which a process ended by a re-raised SIGTERM (Nest's shutdown hooks)
 * never emits, so its last lines (the shutdown's) would be lost.
 */
export function stdoutDestination(): DestinationStream {
  return destination({ dest: 1, sync: true });
}
