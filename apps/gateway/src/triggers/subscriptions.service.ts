import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Connection, Delivery, DeliveryState, NotFoundError, StorageDriver, StorageErrorCode, TRIGGER_NAMES, TriggerName } from '@app/storage';
import { checkNotificationUrl, generateWebhookSecret, redactUrl } from '@app/webhooks';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { ConnectorTargetResolver } from '../connector/connector-target.resolver';
import { BadParameterError, GatewayNotFoundError, GatewayErrorCode, StateConflictError } from '../errors/gateway-errors';
import { DeliveryNotifier } from './delivery-notifier';
import { presentSubscription } from './subscription.presenter';
import type { SubscribeDto } from './subscribe.dto';
import { subscriptionParameters } from './subscription-parameters';

/** Trigger subscriptions (§6.1) and the admin view of their deliveries (§6.4). */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger(SubscriptionsService.name);

  constructor(
    @Inject(StorageDriver) private readonly storage: StorageDriver,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly targets: ConnectorTargetResolver,
    private readonly notifier: DeliveryNotifier,
  ) {}

  async subscribe(connection: Connection, dataset: string, triggerSegment: string, dto: SubscribeDto) {
    const instance = await this.targets.dataset(connection, dataset);
    const trigger = triggerName(triggerSegment);
    const parameters = subscriptionParameters(trigger, dto, instance);
    const url = await checkNotificationUrl(dto.NotificationUrl, { allowPrivateNetworks: this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS });
    const subscription = await this.storage.webhooks.createSubscription({
      id: `sub_${randomBytes(12).toString('base64url')}`,
      instance: instance.name,
      trigger,
      parameters,
      notificationUrl: url.href,
      secret: generateWebhookSecret(),
      state: 'active',
      createdAt: new Date().toISOString(),
    });
    this.logger.log(`subscription ${subscription.id} to ${trigger} of ${instance.name} → ${redactUrl(url.href)}`);
    return { id: subscription.id, trigger, parameters, notificationUrl: subscription.notificationUrl, secret: subscription.secret, instance: instance.name };
  }

  /** Idempotent (§3.1): 204 whether or not it still existed. */
  async unsubscribe(connection: Connection, dataset: string, id: string): Promise<void> {
    const instance = await this.targets.dataset(connection, dataset);
    if (await this.storage.webhooks.deleteSubscription(instance.name, id)) this.logger.log(`subscription ${id} of ${instance.name} removed`);
  }

  async list(connection: Connection, dataset: string) {
    const instance = await this.targets.dataset(connection, dataset);
    return { value: (await this.storage.webhooks.listSubscriptions(instance.name)).map(presentSubscription) };
  }

  async deliveries(connection: Connection, dataset: string, state: string | undefined) {
    const instance = await this.targets.dataset(connection, dataset);
    if (state !== undefined && !['pending', 'delivered', 'dead'].includes(state)) {
      throw new BadParameterError(`state must be pending, delivered or dead (got '${state}').`, 'state');
    }
    return { value: (await this.storage.webhooks.listDeliveries(instance.name, state as DeliveryState | undefined)).map(presentDelivery) };
  }

  /** A dead letter back in its subscription's queue, due now (§6.2). */
  async redrive(connection: Connection, dataset: string, id: string) {
    const instance = await this.targets.dataset(connection, dataset);
    const found = await this.storage.webhooks.getDelivery(instance.name, id);
    const dead = found?.state === 'dead' ? found : undefined;
    if (!dead) throw new NotFoundError(StorageErrorCode.DeliveryNotFound, `Dataset '${instance.name}' has no dead delivery '${id}'.`, id);
    const subscription = await this.storage.webhooks.getSubscription(instance.name, dead.subscriptionId);
    if (subscription?.state !== 'active') {
      throw new StateConflictError(
        GatewayErrorCode.SubscriptionInactive,
        `The subscription of delivery '${id}' is ${subscription ? `inactive (${subscription.stateReason ?? 'deactivated'})` : 'gone'}; a re-drive would never be sent.`, id);
    }
    const pending = (await this.storage.webhooks.redrive(instance.name, id, new Date().toISOString())) as Delivery;
    this.notifier.notify();
    return presentDelivery(pending);
  }
}

function triggerName(segment: string): TriggerName {
  const found = TRIGGER_NAMES.find((t) => t.toLowerCase() === segment.toLowerCase());
  if (!found) throw new GatewayNotFoundError(GatewayErrorCode.TriggerNotFound, `Unknown trigger '${segment}'. Triggers: ${TRIGGER_NAMES.join(', ')}.`, segment);
  return found;
}

function presentDelivery(d: Delivery) {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventType: d.eventType,
    state: d.state,
    attempts: d.attempts,
    createdAt: d.createdAt,
    nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt ?? null,
    lastStatus: d.lastStatus ?? null,
    lastError: d.lastError ?? null,
    payload: JSON.parse(d.payload) as unknown,
  };
}
