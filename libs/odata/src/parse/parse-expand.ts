import { ODataErrorCode, ODataNotImplementedError, ODataSyntaxError } from '../errors/odata-errors';

/** One `$expand` item as written: `UnifiedActivity($select=ActivityId;$top=5)`. */
export interface ExpandItemText {
  readonly path: string;
  /** Nested options, names with `$`, values as written (already decoded once with the query). */
  readonly options: ReadonlyMap<string, string>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits `$expand` (OData URL conventions §5.1.3) into items and their nested options.
 * Commas and semicolons inside parentheses or string literals do not split.
 */
export function splitExpand(value: string): ExpandItemText[] {
  return splitTopLevel(value, ',').map((item) => parseItem(item.trim()));
}

function parseItem(item: string): ExpandItemText {
  const open = item.indexOf('(');
  const path = (open < 0 ? item : item.slice(0, open)).trim();
  if (path === '*' || path.includes('/')) throw new ODataNotImplementedError(`$expand=${path} is not supported; name a navigation property.`, path);
  if (!IDENTIFIER.test(path)) throw syntax(`'${item}' is not a navigation property.`);
  if (open < 0) return { path, options: new Map() };
  if (!item.endsWith(')')) throw syntax(`The options of '${path}' must end with ')'.`);
  const options = new Map<string, string>();
  for (const part of splitTopLevel(item.slice(open + 1, -1), ';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (eq < 0 || name.length === 0) throw syntax(`'${part}' in $expand=${path}(…) is not name=value.`);
    if (options.has(name)) throw new ODataSyntaxError(ODataErrorCode.DuplicateOption, `${name} is given twice for ${path}.`, name);
    options.set(name, part.slice(eq + 1));
  }
  return { path, options };
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw syntax('$expand has an unbalanced parenthesis.');
  }
  if (quoted || depth !== 0) throw syntax('$expand has an unterminated string or parenthesis.');
  parts.push(text.slice(start));
  if (parts.some((p) => p.trim().length === 0)) throw syntax('$expand has an empty item.');
  return parts;
}

function syntax(message: string): ODataSyntaxError {
  return new ODataSyntaxError(ODataErrorCode.Syntax, message, '$expand');
}
