import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES } from './__golden__/cases';
import { renderGoldenCase, renderGoldenFile } from './__golden__/render-golden';
import { postgresDialect } from './dialects/postgres.dialect';
import { sqliteDialect } from './dialects/sqlite.dialect';

/**
 * Compiled SQL must equal the committed golden files. When a change is intended,
 * regenerate them (`npm run golden`) and review the SQL diff.
 */
describe.each([sqliteDialect, postgresDialect])('golden SQL ($name)', (dialect) => {
  const committed = readFileSync(join(__dirname, '__golden__', `${dialect.name}.sql`), 'utf8');

  it('has at least 35 cases', () => {
    expect(GOLDEN_CASES.length).toBeGreaterThanOrEqual(35);
  });

  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    expect(committed).toContain(renderGoldenCase(testCase, dialect));
  });

  it('matches the committed file exactly (no stale or reordered cases)', () => {
    expect(renderGoldenFile(dialect)).toBe(committed);
  });
});
