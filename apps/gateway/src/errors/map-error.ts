import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ODataError } from '@app/odata';
import {
  ConflictError,
  ItemValidationError,
  ManifestError,
  NotFoundError,
  PreconditionFailedError,
  StorageError,
  WriteNotAllowedError,
  isStoreUnavailable,
} from '@app/storage';
import { CdmError } from '@app/cdm';
import { LakeNotFoundError, LakePathError } from '@app/lake';
import { PartitionDataError, PartitionOffsetError } from '@app/partitions';
import { WebhookUrlError } from '@app/webhooks';
import {
  AuthenticationError,
  BadParameterError,
  ForbiddenError,
  GatewayErrorCode,
  NotAcceptableError,
  PartitionNotFoundError,
  RequestValidationError,
  StateConflictError,
  GatewayNotFoundError,
} from './gateway-errors';
import type { GatewayErrorInfo } from './error-envelope';

/** Fastify's own errors (body parsing, limits) carry a status and an FST_ code. */
interface FastifyLikeError {
  readonly statusCode: number;
  readonly code?: string;
  readonly message: string;
}

const ODATA_STATUS = { syntax: 400, semantic: 400, limit: 400, notImplemented: 501 } as const;

/**
 * The one place that turns errors into statuses (§3.5). `feed` decides rule
 * violations: 400 on the connector routes, 501 on the OData feed (§3.3).
 * Returns undefined for unexpected errors: those become a 500 with a fixed message.
 */
export function mapError(error: unknown, surface: 'connector' | 'feed'): GatewayErrorInfo | undefined {
  if (error instanceof ODataError) {
    const status = error.kind === 'rule' ? (surface === 'feed' ? 501 : 400) : ODATA_STATUS[error.kind];
    return { status, code: error.code, message: error.message, target: error.target, details: error.details };
  }
  if (error instanceof StorageError) return { status: storageStatus(error), code: error.code, message: error.message, target: error.target };
  if (error instanceof AuthenticationError) {
    return { status: 401, code: error.code, message: error.message, headers: { 'WWW-Authenticate': 'Basic realm="insights-gateway", charset="UTF-8"' } };
  }
  if (error instanceof NotAcceptableError) return { status: 406, code: error.code, message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, code: error.code, message: error.message, target: error.target };
  if (error instanceof RequestValidationError) {
    return { status: 400, code: GatewayErrorCode.ValidationFailed, message: error.message, target: error.details[0]?.target, details: error.details };
  }
  if (isStoreUnavailable(error)) {
    return { status: 503, code: GatewayErrorCode.StoreUnavailable, message: 'The store does not answer right now. Retry after the time in the Retry-After header.', headers: { 'Retry-After': '5' } };
  }
  if (error instanceof ThrottlerException) {
    return { status: 429, code: GatewayErrorCode.Throttled, message: 'Too many calls for this connection. Retry after the time in the Retry-After header.' };
  }
  return mapLakeError(error) ?? mapFrameworkError(error);
}

/** §5: partitions, the lake and CDM folders. Bad data in a partition or folder is a 422: the request was fine. */
function mapLakeError(error: unknown): GatewayErrorInfo | undefined {
  if (error instanceof BadParameterError) return { status: 400, code: error.code, message: error.message, target: error.target };
  if (error instanceof WebhookUrlError) return { status: 400, code: error.code, message: error.message, target: 'NotificationUrl' };
  if (error instanceof GatewayNotFoundError) return { status: 404, code: error.code, message: error.message, target: error.target };
  if (error instanceof StateConflictError) return { status: 409, code: error.code, message: error.message, target: error.target };
  if (error instanceof PartitionNotFoundError) return { status: 404, code: error.code, message: error.message, target: error.target };
  if (error instanceof PartitionOffsetError) return { status: 400, code: GatewayErrorCode.PartitionOffsetInvalid, message: error.message, target: 'offsetStart' };
  if (error instanceof PartitionDataError) return { status: 422, code: GatewayErrorCode.PartitionDataInvalid, message: error.message };
  if (error instanceof CdmError) return { status: 422, code: GatewayErrorCode.CdmFolderInvalid, message: error.message };
  if (error instanceof LakePathError) return { status: 400, code: GatewayErrorCode.LakePathInvalid, message: error.message };
  if (error instanceof LakeNotFoundError) {
    return {
      status: 404,
      code: GatewayErrorCode.PartitionNotFound,
      message: `${error.message}; it may have been replaced by a newer refresh: list the partitions again.`,
      target: 'partitionUri',
    };
  }
  return undefined;
}

function mapFrameworkError(error: unknown): GatewayErrorInfo | undefined {
  if (error instanceof HttpException) return fromHttpException(error);
  if (isFastifyError(error)) return fromFastifyError(error);
  return undefined;
}

function storageStatus(error: StorageError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof PreconditionFailedError) return 412;
  if (error instanceof WriteNotAllowedError) return 405;
  if (error instanceof ItemValidationError || error instanceof ManifestError) return 400;
  return 500;
}

function fromHttpException(error: HttpException): GatewayErrorInfo {
  const status = error.getStatus();
  const codes: Record<number, string> = {
    [HttpStatus.NOT_FOUND]: GatewayErrorCode.RouteNotFound,
    [HttpStatus.METHOD_NOT_ALLOWED]: GatewayErrorCode.MethodNotAllowed,
    [HttpStatus.PAYLOAD_TOO_LARGE]: GatewayErrorCode.BodyTooLarge,
    [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: GatewayErrorCode.UnsupportedMediaType,
  };
  const message = status === HttpStatus.NOT_FOUND ? 'No such route.' : error.message;
  return { status, code: codes[status] ?? (status < 500 ? GatewayErrorCode.BadRequest : GatewayErrorCode.Internal), message };
}

function isFastifyError(error: unknown): error is FastifyLikeError {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function fromFastifyError(error: FastifyLikeError): GatewayErrorInfo {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: GatewayErrorCode.BodyTooLarge, message: 'The request body is larger than the configured limit.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: GatewayErrorCode.UnsupportedMediaType, message: 'Send the request body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: GatewayErrorCode.BadRequest, message: 'The request body is empty; send a JSON object.' };
    default:
      return {
        status: error.statusCode,
        code: error.statusCode === 414 ? GatewayErrorCode.UriTooLong : GatewayErrorCode.BadRequest,
        // Fastify's parser messages ("Unexpected token } in JSON at position 12") are safe and useful.
        message: error.message,
      };
  }
}
