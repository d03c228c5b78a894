/**
 * Regenerates the committed golden SQL files (style point 11):
 *   npx ts-node -r tsconfig-paths/register libs/odata/scripts/generate-golden.ts
 * Review the diff: it is exactly how the compiler's output changed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresDialect } from '../src/sql/dialects/postgres.dialect';
import { sqliteDialect } from '../src/sql/dialects/sqlite.dialect';
import { renderGoldenFile } from '../src/sql/__golden__/render-golden';

const directory = join(__dirname, '..', 'src', 'sql', '__golden__');
for (const dialect of [sqliteDialect, postgresDialect]) {
  const file = join(directory, `${dialect.name}.sql`);
  writeFileSync(file, renderGoldenFile(dialect), 'utf8');
  console.log(`wrote ${file}`);
}
