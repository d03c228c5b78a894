import { ConfigValidationError, loadConfig } from './gateway-config';

describe(loadConfig.name, () => {
  it('applies the documented defaults', () => {
    const sut = loadConfig({});
    expect(sut).toMatchObject({ PORT: 3000, DATA_DIR: './data', DEMO: true, DEMO_CUSTOMERS: 10_000, THROTTLE_LIMIT: 100, THROTTLE_TTL_SECONDS: 60, BODY_LIMIT_BYTES: 1_048_576, MAX_PAGE_SIZE: 1000 });
  });

  it('converts numbers and booleans from strings', () => {
    expect(loadConfig({ PORT: '8080', DEMO: 'false', THROTTLE_LIMIT: '5' })).toMatchObject({ PORT: 8080, DEMO: false, THROTTLE_LIMIT: 5 });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', MAX_PAGE_SIZE: '6000', DEMO_API_KEY: 'short', PUBLIC_BASE_URL: 'not a url', DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'MAX_PAGE_SIZE', 'DEMO_API_KEY', 'PUBLIC_BASE_URL', 'DEMO']) expect(message).toContain(`${name}=`);
  });

  it('reads TRUST_PROXY as a flag, a hop count or a list of proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('takes REDIS_URL as a redis:// or rediss:// URL only', () => {
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://user:secret@redis.example.com:6380/2' }).REDIS_URL).toBe('rediss://user:secret@redis.example.com:6380/2');
    for (const bad of ['http://redis:6379', 'redis:6379', 'not a url']) expect(() => loadConfig({ REDIS_URL: bad })).toThrow(/REDIS_URL=.*redis:\/\/ or rediss:\/\//);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
