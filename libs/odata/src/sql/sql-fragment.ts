/**
 * SQL built from fragments that carry their own parameters (PostgREST `SQL.Snippet`).
 * Until rendered, a fragment marks each parameter with {@link PARAM_MARKER}; rendering
 * numbers them for the dialect (`?` for SQLite, `$1..$n` for PostgreSQL), so fragments
 * compose in any order without renumbering.
 *
 *   sqlf`${sql.ident('City', d)} = ${sql.param('Berlin')}`
 *   → { text: '"City" = \u0000', params: ['Berlin'] }  → render → '"City" = $1'
 *
 * User values only ever travel as params; identifiers only through `quoteIdent`.
 */
export interface SqlFragment {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** Cannot occur in identifiers (`quoteIdent` rejects it) nor in SQL keywords. */
export const PARAM_MARKER = '\u0000';

export const sql = {
  /** Trusted SQL text: keywords and operators written in this library, never input. */
  raw(text: string): SqlFragment {
    if (text.includes(PARAM_MARKER)) throw new Error('raw SQL must not contain the parameter marker');
    return { text, params: [] };
  },

  /**
   * A non-negative integer written into the text. Only for values this library computed
   * and checked (page sizes, offsets), never for anything else a client sent.
   */
  integer(value: number): SqlFragment {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a non-negative integer: ${String(value)}`);
    return sql.raw(String(value));
  },

  param(value: unknown): SqlFragment {
    return { text: PARAM_MARKER, params: [value] };
  },

  /** An identifier from bound metadata, quoted by the dialect. */
  ident(name: string, dialect: { quoteIdent(name: string): string }): SqlFragment {
    return sql.raw(dialect.quoteIdent(name));
  },

  join(parts: readonly SqlFragment[], separator: string): SqlFragment {
    // A plain loop: this runs for every fragment of every query (hot path).
    let text = '';
    const params: unknown[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) text += separator;
      text += parts[i].text;
      for (const param of parts[i].params) params.push(param);
    }
    return { text, params };
  },

  /** Replaces the markers by numbered placeholders: the text a driver executes. */
  render(fragment: SqlFragment, placeholder: (n: number) => string): SqlFragment {
    let n = 0;
    const text = fragment.text.replace(/\u0000/g, () => placeholder(++n));
    if (n !== fragment.params.length) throw new Error(`SQL has ${n} placeholders for ${fragment.params.length} params`);
    return { text, params: fragment.params };
  },
};

/** Template tag: literal parts are trusted SQL, every `${…}` is a fragment. */
export function sqlf(strings: TemplateStringsArray, ...parts: readonly SqlFragment[]): SqlFragment {
  const pieces: SqlFragment[] = [];
  strings.forEach((text, i) => {
    pieces.push(sql.raw(text));
    if (i < parts.length) pieces.push(parts[i]);
  });
  return sql.join(pieces, '');
}

/**
 * Quoted identifiers, memoised: they come only from entity metadata, so the set is small
 * and bounded, and every query quotes the same columns again.
 */
const quoted = new Map<string, string>();

/** SQL standard identifier quoting: double quotes, embedded quotes doubled. */
export function quoteDoubleQuoted(name: string): string {
  const cached = quoted.get(name);
  if (cached !== undefined) return cached;
  if (name.length === 0 || name.includes(PARAM_MARKER)) throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  const result = `"${name.replace(/"/g, '""')}"`;
  if (quoted.size < 10_000) quoted.set(name, result);
  return result;
}
