import { ConfigValidationError, loadEnvConfig } from './env-config';
import { StoreConfig, STORE_OPTIONAL } from './store.config';

const load = (env: Record<string, string>) => loadEnvConfig(StoreConfig, env, STORE_OPTIONAL);

describe(StoreConfig.name, () => {
  it('uses the embedded store by default, PostgreSQL when DATABASE_URL is set', () => {
    expect(load({})).toMatchObject({ DATA_DIR: './data', DATABASE_SCHEMA: 'public', DATABASE_POOL_MAX: 10 });
    expect(load({}).DATABASE_URL).toBeUndefined();
    expect(load({ DATABASE_URL: 'postgres://gw:pw@db:5432/insights', DATABASE_SCHEMA: 'gateway', DATABASE_POOL_MAX: '25' })).toMatchObject({
      DATABASE_URL: 'postgres://gw:pw@db:5432/insights',
      DATABASE_SCHEMA: 'gateway',
      DATABASE_POOL_MAX: 25,
    });
  });

  it('names each bad store variable, without the password of a URL', () => {
    const run = () => load({ DATABASE_URL: 'mysql://gw:s3cret@db/x', DATABASE_SCHEMA: 'Bad-Name', DATABASE_POOL_MAX: '1' });
    expect(run).toThrow(ConfigValidationError);
    expect(run).toThrow(/DATABASE_URL="mysql:\/\/gw:\*\*\*@db\/x": DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(run).toThrow(/DATABASE_SCHEMA="Bad-Name"[\s\S]*DATABASE_POOL_MAX="1"/);
    expect(run).not.toThrow(/s3cret/);
  });
});
