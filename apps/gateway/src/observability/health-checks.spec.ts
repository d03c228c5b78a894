import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Lake } from '@app/lake';
import { StorageDriver } from '@app/storage';
import { FixedWindowThrottlerStorage } from '../throttle/fixed-window.storage';
import { RedisFixedWindowThrottlerStorage } from '../throttle/redis-fixed-window.storage';
import { CHECK_TIMEOUT_MS, HealthChecks } from './health-checks';

describe(HealthChecks.name, () => {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    jest.useRealTimers();
    for (const close of closers.splice(0)) await close();
  });

  async function makeSut(parts: { ping?: () => Promise<void>; stat?: () => Promise<undefined>; throttler?: ThrottlerStorage }): Promise<HealthChecks> {
    const throttler = parts.throttler ?? new FixedWindowThrottlerStorage();
    if (throttler instanceof FixedWindowThrottlerStorage) closers.push(() => throttler.close());
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        HealthChecks,
        { provide: StorageDriver, useValue: { dialect: 'postgres', ping: parts.ping ?? (async () => undefined) } },
        { provide: Lake, useValue: { kind: 'azure-blob', stat: parts.stat ?? (async () => undefined) } },
        { provide: ThrottlerStorage, useValue: throttler },
      ],
    }).compile();
    closers.push(() => module.close());
    return module.get(HealthChecks);
  }

  it('is 200 with process, store and lake up, and no redis check without Redis', async () => {
    const sut = await makeSut({});
    const { httpStatus, result } = await sut.run();
    expect(httpStatus).toBe(200);
    expect(Object.keys(result.details)).toEqual(['process', 'store', 'lake']);
    expect(result.details.lake).toEqual({ status: 'up', kind: 'azure-blob', responseTimeMs: expect.any(Number) });
  });

  it('is 503 naming the lake when it fails, without the SAS token or account key of the message', async () => {
    const sut = await makeSut({
      stat: async () => {
        throw new Error('getaddrinfo ENOTFOUND for https://acct.blob.core.windows.net/c/.health-probe?sv=2024-01-01&sig=SECRETSIG AccountKey=SECRETKEY;');
      },
    });
    const { httpStatus, result } = await sut.run();
    expect(httpStatus).toBe(503);
    expect(result.error).toEqual({ lake: { status: 'down', kind: 'azure-blob', message: expect.stringContaining('ENOTFOUND') } });
    expect(JSON.stringify(result)).not.toMatch(/SECRETSIG|SECRETKEY/);
    expect(result.info).toMatchObject({ process: { status: 'up' }, store: { status: 'up' } });
  });

  it(`reports a store that does not answer as down after ${CHECK_TIMEOUT_MS} ms`, async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const sut = await makeSut({ ping: () => new Promise<void>(() => undefined) });
    const answer = sut.run();
    await jest.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS);
    const { httpStatus, result } = await answer;
    expect(httpStatus).toBe(503);
    expect(result.error).toEqual({ store: { status: 'down', dialect: 'postgres', message: `no answer within ${CHECK_TIMEOUT_MS} ms` } });
  });

  it('checks Redis through the throttle storage when it is the Redis one, and fails fast while it is unreachable', async () => {
    const redis = new RedisFixedWindowThrottlerStorage('redis://127.0.0.1:1', { logger: { log: jest.fn(), warn: jest.fn(), error: jest.fn() } });
    closers.push(() => redis.close());
    const sut = await makeSut({ throttler: redis });
    const started = Date.now();
    const { httpStatus, result } = await sut.run();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(httpStatus).toBe(503);
    expect(Object.keys(result.error ?? {})).toEqual(['redis']);
    expect(result.error?.redis).toEqual({ status: 'down', message: expect.any(String) });
  });
});
