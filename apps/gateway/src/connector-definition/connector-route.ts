import type { Type } from '@nestjs/common';
import type { SwaggerParameter, SwaggerResponse } from './swagger.types';

/**
 * One connector operation of a served route. Its method and path are not written here: they
 * are read from the route's Nest metadata when the document is built, so the definition
 * always names what the gateway serves.
 */
export interface ConnectorOperation {
  readonly operationId: string;
  /** The action's or trigger's name as the Customer Insights connector shows it. */
  readonly summary: string;
  readonly description: string;
  /** `important` / `advanced` / `internal` (no value: the default, shown normally). */
  readonly visibility?: 'important' | 'advanced' | 'internal';
  /**
   * Route parameters this operation fixes to a value, so that one route serves several
   * operations: `{ trigger: 'segmentThresholdCrossed' }` makes
   * `/datasets/{dataset}/triggers/segmentThresholdCrossed/subscriptions` out of the subscribe route.
   */
  readonly fixed?: Readonly<Record<string, string>>;
  /** Path parameters must name exactly the route's parameters that are not fixed. */
  readonly parameters: readonly SwaggerParameter[];
  readonly responses: Readonly<Record<string, SwaggerResponse>>;
  /** Operation-level extensions: `x-ms-pageable`, `x-ms-trigger`, … */
  readonly extensions?: Readonly<Record<`x-ms-${string}`, unknown>>;
  /** Path-level extensions (`x-ms-notification-content` of a webhook trigger). */
  readonly pathExtensions?: Readonly<Record<`x-ms-${string}`, unknown>>;
}

/** A connector-facing Nest route (controller class + handler) and the operations it serves. */
export interface ConnectorRoute {
  readonly controller: Type<unknown>;
  readonly handler: string;
  readonly operations: readonly ConnectorOperation[];
}

/** A route under the connector's roots that is deliberately left out of the definition. */
export interface ExcludedConnectorRoute {
  readonly controller: Type<unknown>;
  readonly handler: string;
  /** Why a connector user is better off without it; required, and shown when a test fails. */
  readonly reason: string;
}

/**
 * Maps a handler of `controller` to its operations. The handler name is checked by the
 * compiler (`keyof`): renaming the method breaks the build, not the connector.
 */
export function route<T>(controller: Type<T>, handler: Extract<keyof T, string>, ...operations: ConnectorOperation[]): ConnectorRoute {
  return { controller, handler, operations };
}

export function excluded<T>(controller: Type<T>, handler: Extract<keyof T, string>, reason: string): ExcludedConnectorRoute {
  return { controller, handler, reason };
}
