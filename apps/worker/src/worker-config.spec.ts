import { loadWorkerConfig, ConfigValidationError } from './worker-config';

describe(loadWorkerConfig.name, () => {
  it('applies the documented defaults', () => {
    const sut = loadWorkerConfig({});
    expect(sut).toMatchObject({ DATA_DIR: './data', WEBHOOK_RETRY_BASE_MS: 1000, WEBHOOK_ALLOW_PRIVATE_NETWORKS: false, LOG_LEVEL: 'log' });
    expect(sut.dataDir).toMatch(/[/\\]data$/);
  });

  it('converts numbers and booleans from strings', () => {
    expect(loadWorkerConfig({ WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'debug', DATA_DIR: '/tmp/x' })).toMatchObject({
      WEBHOOK_RETRY_BASE_MS: 20,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: true,
      LOG_LEVEL: 'debug',
      dataDir: '/tmp/x',
    });
  });

  it('reads the delivery settings the gateway has (retry window, attempt timeout)', () => {
    expect(loadWorkerConfig({})).toMatchObject({ WEBHOOK_RETRY_WINDOW_MS: 86_400_000, WEBHOOK_TIMEOUT_MS: 10_000 });
    expect(loadWorkerConfig({ WEBHOOK_RETRY_WINDOW_MS: '3600000', WEBHOOK_TIMEOUT_MS: '2500' })).toMatchObject({
      WEBHOOK_RETRY_WINDOW_MS: 3_600_000,
      WEBHOOK_TIMEOUT_MS: 2500,
    });
    expect(() => loadWorkerConfig({ WEBHOOK_TIMEOUT_MS: '50' })).toThrow(/WEBHOOK_TIMEOUT_MS="50"/);
  });

  it('names every bad variable in one error', () => {
    const run = () => loadWorkerConfig({ WEBHOOK_RETRY_BASE_MS: 'fast', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'maybe', LOG_LEVEL: 'loud' });
    expect(run).toThrow(ConfigValidationError);
    expect(run).toThrow(/WEBHOOK_RETRY_BASE_MS="fast"[\s\S]*WEBHOOK_ALLOW_PRIVATE_NETWORKS="maybe"[\s\S]*LOG_LEVEL="loud"/);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadWorkerConfig({ PATH: '/usr/bin', PORT: 'not a port' })).not.toThrow();
  });
});
