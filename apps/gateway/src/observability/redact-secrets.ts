const MAX_MESSAGE = 300;

/**
 * An error as a one-line message safe for a public answer or a log: URL credentials
 * (`postgres://user:password@…`) and query strings (SAS tokens, `?api-key=`) are removed,
 * account keys of Azure connection strings masked, and the length bounded.
 */
export function describeFailure(error: unknown): string {
  const raw = error instanceof Error ? error.message || error.name : String(error);
  return redactSecrets(raw.replace(/\s+/g, ' ').trim()).slice(0, MAX_MESSAGE) || 'unknown error';
}

export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@')
    .replace(/(https?:\/\/[^\s?#]*)\?[^\s#]*/gi, '$1?***')
    .replace(/((?:AccountKey|SharedAccessSignature|sig|password|api-key|token)\s*=\s*)[^;&\s]+/gi, '$1***');
}
