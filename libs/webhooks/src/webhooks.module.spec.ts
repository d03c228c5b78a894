import { Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { StorageDriver } from '@app/storage';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WEBHOOK_STORE } from './webhooks.constants';
import { WebhooksModule } from './webhooks.module';

describe(WebhooksModule.name, () => {
  const store = { claimDeliveries: jest.fn(async () => []), nextDueAt: jest.fn(async () => undefined), recordAttempt: jest.fn() };

  /** Stands in for `StorageModule.forRootAsync(...)`: exports the StorageDriver token. */
  @Module({ providers: [{ provide: StorageDriver, useValue: { webhooks: store } }], exports: [StorageDriver] })
  class FakeStorageModule {}

  beforeEach(() => {
    jest.clearAllMocks();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('takes the store from storage.webhooks, starts the dispatcher on bootstrap and stops it on shutdown', async () => {
    // A TestingModule is an application context: init() and close() run the lifecycle hooks.
    const app = await Test.createTestingModule({
      imports: [WebhooksModule.forRoot({ imports: [FakeStorageModule], pollIntervalMs: 10 })],
    }).compile();
    const sut = app.get(WebhookDispatcher);
    expect(app.get(WEBHOOK_STORE)).toBe(store);
    expect(sut.isRunning).toBe(false);

    await app.init();
    expect(sut.isRunning).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.claimDeliveries).toHaveBeenCalled();

    await app.close();
    expect(sut.isRunning).toBe(false);
    const calls = store.claimDeliveries.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.claimDeliveries.mock.calls.length).toBe(calls);
  });

  it('leaves the dispatcher stopped when autoStart is false', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [WebhooksModule.forRoot({ imports: [FakeStorageModule], autoStart: false })],
    }).compile();
    const app = await moduleRef.init();
    expect(app.get(WebhookDispatcher).isRunning).toBe(false);
    expect(store.claimDeliveries).not.toHaveBeenCalled();
    await app.close();
  });
});
