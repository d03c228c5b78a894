/** Node's socket errors: the database host refuses, resets or does not answer. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/**
 * SQLSTATEs of a server that is going away or full: class 08 (connection exception), 57P01–57P03
 * (shut down, crashed, starting), 53300 (too many connections); and SQLite's busy database.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300|SQLITE_BUSY)$/;
/** node-postgres reports a lost or impossible connection in words, without a code. */
const DRIVER_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /is not queryable/];

/**
 * Whether `error` says the store cannot be reached right now (as opposed to a query it refused):
 * the gateway answers 503 with Retry-After then, never a 500, and the call may simply be retried.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}
