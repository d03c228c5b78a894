/** The part of a request URL after `?`, exactly as sent. */
export function rawQueryOf(url: string): string {
  const question = url.indexOf('?');
  return question < 0 ? '' : url.slice(question + 1);
}

/**
 * One parameter's decoded value, for guards that run before the query parser.
 * Lenient on purpose: a malformed query is reported by the parser, not here
 * (undecodable → empty string).
 */
export function findQueryParameter(url: string, name: string): string | undefined {
  for (const part of rawQueryOf(url).split('&')) {
    const eq = part.indexOf('=');
    if ((eq < 0 ? part : part.slice(0, eq)) !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return '';
    }
  }
  return undefined;
}
