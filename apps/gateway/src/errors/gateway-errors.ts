/**
 * Errors raised by the gateway itself (auth, routing); mapped to HTTP in
 * {@link GatewayExceptionFilter} alongside the libraries' domain errors.
 */
export const GatewayErrorCode = {
  AuthRequired: 'AUTH_REQUIRED',
  AuthInvalid: 'AUTH_INVALID',
  ForbiddenRole: 'FORBIDDEN_ROLE',
  ForbiddenDataset: 'FORBIDDEN_DATASET',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  Throttled: 'THROTTLED',
  ValidationFailed: 'VALIDATION_FAILED',
  BodyTooLarge: 'BODY_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  BadRequest: 'BAD_REQUEST',
  UriTooLong: 'URI_TOO_LONG',
  NotAcceptable: 'NOT_ACCEPTABLE',
  PartitionNotFound: 'PARTITION_NOT_FOUND',
  PartitionOffsetInvalid: 'PARTITION_OFFSET_INVALID',
  PartitionDataInvalid: 'PARTITION_DATA_INVALID',
  CdmFolderInvalid: 'CDM_FOLDER_INVALID',
  LakePathInvalid: 'LAKE_PATH_INVALID',
  RunFinished: 'RUN_FINISHED',
  TriggerNotFound: 'TRIGGER_NOT_FOUND',
  SubscriptionInactive: 'SUBSCRIPTION_INACTIVE',
  Internal: 'INTERNAL_ERROR',
  /** The store (PostgreSQL, or a locked SQLite file) does not answer now: retry after `Retry-After`. */
  StoreUnavailable: 'STORE_UNAVAILABLE',
} as const;
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

export class AuthenticationError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

/** Body validation failures from the global ValidationPipe, already flattened. */
export class RequestValidationError extends Error {
  constructor(
    message: string,
    readonly details: readonly { code: string; message: string; target: string }[],
  ) {
    super(message);
  }
}

/** The Accept header admits no format this resource has (406). */
export class NotAcceptableError extends Error {
  readonly code = GatewayErrorCode.NotAcceptable;
}

/** A query parameter the route cannot use (400), named in `target`. */
export class BadParameterError extends Error {
  readonly code = GatewayErrorCode.BadRequest;
  constructor(
    message: string,
    readonly target: string,
  ) {
    super(message);
  }
}

/** The partition a request names is not one of the entity's (404). */
export class PartitionNotFoundError extends Error {
  readonly code = GatewayErrorCode.PartitionNotFound;
  constructor(
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

/** An action the resource's state does not allow (409): canceling a finished run, say. */
export class StateConflictError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}

/** A route segment naming something the gateway does not have (404), e.g. an unknown trigger. */
export class GatewayNotFoundError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly target?: string,
  ) {
    super(message);
  }
}
