import { ODataErrorCode, ODataSyntaxError } from '../errors/odata-errors';

/**
 * Splits a raw query string (the part after `?`) into decoded name/value pairs, one rule
 * for every route (§3.2): split on `&`, then decode each name and value as
 * `application/x-www-form-urlencoded` - `+` is a space FIRST, then `%xx` as UTF-8.
 * That is what Power Apps sends (`$filter=Name+eq+'Ann'`) and what ASP.NET does; a
 * literal plus (`+02:00` in a date) arrives as `%2B` from every client library.
 *
 * Every parameter is kept, `$` or not (`api-version`, `api-key`): callers decide.
 *
 * @publicApi
 */
export function parseQueryString(rawQuery: string): ReadonlyMap<string, string> {
  const params = new Map<string, string>();
  for (const segment of rawQuery.split('&')) {
    if (segment.length === 0) continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const rawValue = eq < 0 ? '' : segment.slice(eq + 1);
    const name = decodeFormComponent(rawName, rawName);
    const value = decodeFormComponent(rawValue, name);
    if (params.has(name)) {
      throw new ODataSyntaxError(
        ODataErrorCode.DuplicateOption,
        `The query option '${name}' is given more than once.`,
        name,
      );
    }
    params.set(name, value);
  }
  return params;
}

/** `+` → space, then strict UTF-8 percent-decoding; `target` names the option in errors. */
function decodeFormComponent(raw: string, target: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // decodeURIComponent rejects `%`, `%4`, `%zz` and invalid UTF-8 such as `%C3%28`.
    throw new ODataSyntaxError(
      ODataErrorCode.QueryEncoding,
      `The query option '${target}' contains a malformed percent-encoding (each '%' must start a valid UTF-8 '%xx' escape).`,
      target,
    );
  }
}
