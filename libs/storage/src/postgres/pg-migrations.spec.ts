import { createTestSchema, TestSchema } from '../../../../test/support/pg-test-schema';
import { PgDatabase } from './pg-database';
import { migrate, MIGRATIONS } from './pg-migrations';

describe(migrate.name, () => {
  let schema: TestSchema;
  const databases: PgDatabase[] = [];
  const open = () => {
    const database = new PgDatabase({ connectionString: schema.connectionString, schema: schema.schema });
    databases.push(database);
    return database;
  };
  const versions = async (database: PgDatabase) =>
    (await database.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);

  beforeEach(async () => {
    schema = await createTestSchema();
  });
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.close();
    await schema.drop();
  });

  it('applies each migration once when replicas start together, and nothing on the next start', async () => {
    const applied = await Promise.all([migrate(open()), migrate(open()), migrate(open())]);
    expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await versions(databases[0])).toEqual([1, 2, 3]);
    expect(await migrate(databases[0])).toEqual([]);
    const tables = await databases[0].query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['instances', 'entity_stats', 'connections', 'runs', 'deliveries', 'schedule_ticks']));
  });

  it('rolls a failing migration back alone, keeping the ones before it', async () => {
    const database = open();
    const broken = { version: 4, name: 'broken', sql: 'CREATE TABLE half_done (a integer); SELECT 1 / 0' };
    await expect(migrate(database, [...MIGRATIONS, broken])).rejects.toMatchObject({ code: '22012' });
    expect(await versions(database)).toEqual([1, 2, 3]);
    expect((await database.query("SELECT to_regclass('half_done') AS t")).rows[0]).toEqual({ t: null });
  });
});
