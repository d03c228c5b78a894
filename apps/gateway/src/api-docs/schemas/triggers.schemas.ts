import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRIGGER_NAMES } from '@app/storage';

/** Trigger subscriptions and deliveries (§6.1, §6.2, §6.4), for the OpenAPI document only. */

export class SubscriptionParametersSchema {
  @ApiPropertyOptional() segment?: string;
  @ApiPropertyOptional() measure?: string;
  @ApiPropertyOptional() threshold?: number;
  @ApiPropertyOptional() process?: string;
  @ApiPropertyOptional() includingManualRefreshes?: boolean;
}

export class CreatedSubscriptionSchema {
  @ApiProperty({ example: 'sub_3kP0aQ9xWm1bT2cD' }) id!: string;
  @ApiProperty({ enum: TRIGGER_NAMES }) trigger!: string;
  @ApiProperty({ type: SubscriptionParametersSchema }) parameters!: SubscriptionParametersSchema;
  @ApiProperty({ example: 'https://flow.example.com/callback' }) notificationUrl!: string;
  @ApiProperty({ description: 'The Standard Webhooks signing secret: shown only in this answer.', example: 'whsec_…' }) secret!: string;
}

export class DeliveryHealthSchema {
  @ApiProperty() delivered!: number;
  @ApiProperty() pending!: number;
  @ApiProperty() dead!: number;
  @ApiProperty() failedAttempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastDeliveredAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

export class SubscriptionSchema {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TRIGGER_NAMES }) trigger!: string;
  @ApiProperty({ type: SubscriptionParametersSchema }) parameters!: SubscriptionParametersSchema;
  @ApiProperty({ description: 'Origin only: callback URLs are secrets.', example: 'https://flow.example.com/…' }) notificationUrl!: string;
  @ApiProperty({ enum: ['active', 'inactive'] }) state!: string;
  @ApiProperty({ type: String, nullable: true }) stateReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: DeliveryHealthSchema }) deliveries!: DeliveryHealthSchema;
}

export class SubscriptionListSchema {
  @ApiProperty({ type: [SubscriptionSchema] }) value!: SubscriptionSchema[];
}

export class DeliverySchema {
  @ApiProperty() id!: string;
  @ApiProperty() subscriptionId!: string;
  @ApiProperty({ enum: TRIGGER_NAMES }) eventType!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'dead'] }) state!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt.' }) lastStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event body sent (§6.1).' }) payload!: Record<string, unknown>;
}

export class DeliveryListSchema {
  @ApiProperty({ type: [DeliverySchema] }) value!: DeliverySchema[];
}
