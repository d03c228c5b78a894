import type { ClaimedDelivery } from '@app/storage';
import { isWebhookSecret } from '../../signing/standard-webhooks.signer';

/**
 * What sending one delivery needs: the parts of a {@link ClaimedDelivery} the use case reads,
 * so a claimed delivery is a command as it is.
 */
export type DeliverWebhookCommand = Pick<
  ClaimedDelivery,
  'id' | 'subscriptionId' | 'payload' | 'createdAt' | 'attempts' | 'notificationUrl' | 'secret'
>;

/**
 * Why a command cannot be sent at all, or undefined when it can. The delivery came from our
 * own store, so this guards against a damaged row (which is dead-lettered rather than retried
 * forever), not against callers.
 */
export function invalidDeliverWebhookCommand(command: DeliverWebhookCommand): string | undefined {
  if (command.id.length === 0) return 'the delivery has no id';
  if (!isWebhookSecret(command.secret)) return 'the subscription secret is not a whsec_ secret';
  if (Number.isNaN(Date.parse(command.createdAt))) return 'the delivery has no valid creation time';
  if (!Number.isInteger(command.attempts) || command.attempts < 0) return 'the delivery has no valid attempt count';
  return undefined;
}
