import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { WebhookDispatcher } from '@app/webhooks';
import { DeliveryNotifier } from './delivery-notifier';

/** When deliveries run in this process, a commit with events wakes the dispatcher at once. */
@Injectable()
export class DispatcherWakeup implements OnModuleInit, OnModuleDestroy {
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly notifier: DeliveryNotifier,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  onModuleInit(): void {
    this.unlisten = this.notifier.listen(() => this.dispatcher.wake());
  }

  onModuleDestroy(): void {
    this.unlisten?.();
  }
}
