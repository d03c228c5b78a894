import { quote, type JsonAt } from './json-input';

/**
 * Entity and attribute names must be unique ignoring case: they become OData names, table and
 * column names (SQLite compares identifiers case-insensitively) and partition routes (§5).
 */
export function checkUniqueNames(items: ReadonlyArray<{ name: string; at: JsonAt }>, kind: 'entity' | 'attribute'): void {
  const seen = new Map<string, JsonAt>();
  for (const { name, at } of items) {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first) throw at.error(`${quote(name)} duplicates ${first.path} (${kind} names are case-insensitive)`);
    seen.set(key, at);
  }
}
