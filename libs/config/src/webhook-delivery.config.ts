import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { envBool, envInt } from './env-config';

/**
 * The delivery settings (§6.2) the gateway and `apps/worker` both read, so a worker delivers
 * exactly as the gateway would.
 */
export class WebhookDeliveryConfig {
  /** First retry delay of a failed delivery; doubles per attempt up to 1 h (§6.2). */
  @Transform(envInt) @IsInt() @Min(1) @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 1000;

  /** How long a delivery is retried before it is dead-lettered (default 24 h). */
  @Transform(envInt) @IsInt() @Min(1000) @Max(7 * 86_400_000)
  WEBHOOK_RETRY_WINDOW_MS = 86_400_000;

  /** One delivery attempt's time limit. */
  @Transform(envInt) @IsInt() @Min(100) @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Trigger callbacks to loopback, private or link-local addresses are refused unless true (§6.1). */
  @Transform(envBool) @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_NETWORKS = false;
}
