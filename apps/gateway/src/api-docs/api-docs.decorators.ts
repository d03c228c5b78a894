import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ErrorEnvelopeSchema } from './error-envelope.schema';

/**
 * Documentation decorators shared by the controllers. They only add OpenAPI metadata: no
 * guard, pipe or route reads it, so they cannot change what a route does.
 */

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 406 | 409 | 412 | 413 | 415 | 422 | 429 | 500 | 501 | 503;

/** §3.5: what each status means on this gateway. */
const ERROR_DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'Bad syntax, values or fields (the envelope names the `target`).',
  401: 'No credential, or one that is not valid.',
  403: 'The dataset is not granted to this connection, or its role is too weak.',
  404: 'Unknown dataset, table, item or named resource.',
  405: 'The entity does not allow this write (read-only or create-only).',
  406: 'The `Accept` header or `$format` admits no format this resource has.',
  409: 'Conflicts with the current state (duplicate key, finished run, inactive subscription).',
  412: '`If-Match` does not match the current ETag.',
  413: 'The request body is larger than the limit (1 MiB by default).',
  415: 'The request body is not `application/json`.',
  422: 'The request was fine but the data it reads is not (a malformed partition or CDM folder).',
  429: 'Throttled: too many calls for this connection in the window.',
  500: 'Unexpected error: a fixed message and a correlation id; details only in the logs.',
  501: 'Valid OData this gateway does not support (`$apply`, `$search`, lambdas, …).',
  503: 'The store does not answer right now; retry after `Retry-After` seconds.',
};

type HeaderDocs = Record<string, { description: string; schema: { type: string; example: unknown } }>;

const ERROR_HEADERS: Partial<Record<ErrorStatus, HeaderDocs>> = {
  401: { 'WWW-Authenticate': { description: 'The schemes the gateway accepts.', schema: { type: 'string', example: 'Basic realm="insights-gateway", charset="UTF-8"' } } },
  429: { 'Retry-After': { description: 'Seconds until the window resets.', schema: { type: 'integer', example: 42 } } },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', example: 5 } } },
};

export function errorResponse(status: ErrorStatus) {
  return {
    status,
    description: ERROR_DESCRIPTIONS[status],
    type: ErrorEnvelopeSchema,
    ...(ERROR_HEADERS[status] ? { headers: ERROR_HEADERS[status] } : {}),
  };
}

/** Error responses in the §3.5 envelope. */
export const ApiErrors = (...statuses: ErrorStatus[]) => applyDecorators(...statuses.map((status) => ApiResponse(errorResponse(status))));

/** A route under `{dataset}`: the grant is checked (403) and the dataset must exist (404). */
export const ApiDataset = () =>
  applyDecorators(
    ApiParam({ name: 'dataset', description: 'The dataset (instance) name, e.g. `demo`.', example: 'demo' }),
    ApiErrors(403, 404),
  );

/** A route under `{dataset}/tables/{table}` (logical name first, then display name). */
export const ApiTable = () =>
  applyDecorators(
    ApiDataset(),
    ApiParam({ name: 'table', description: 'The table (entity) name, e.g. `Customer` or `UnifiedActivity`.', example: 'Customer' }),
  );

/** A parameter read from the raw query string (the gateway parses query strings itself, §3.2). */
export const ApiQueryParam = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }, required = false) =>
  ApiQuery({ name, description, required, schema });

/** The OData query options of §3.2 on an item collection, plus `Prefer: odata.maxpagesize`. */
export const ApiODataQueryOptions = (surface: 'connector' | 'feed') =>
  applyDecorators(
    ApiQueryParam(
      '$filter',
      surface === 'connector'
        ? "Filter on the table's filterable fields (see table metadata): `eq ne gt ge lt le`, `and or not`, `startswith`. Example: `CustomerId eq 'C-000001'`."
        : "OData filter expression; what the connector routes reject with 400 is answered 501 here. Example: `Country eq 'France'`.",
    ),
    ApiQueryParam('$select', 'Comma-separated properties to return. Example: `CustomerId,Email,City`.'),
    ApiQueryParam('$top', 'At most this many records in all (default: all, delivered in pages).', { type: 'integer', minimum: 0 }),
    ApiQueryParam('$skip', 'Skip this many records first.', { type: 'integer', minimum: 0 }),
    ApiQueryParam('$orderby', 'Sort on filterable or declared sort fields; the key is always appended. Example: `ActivityTime desc`.'),
    ApiQueryParam('$count', '`true` adds `@odata.count`, the size of the whole filtered collection.', { type: 'boolean' }),
    ApiQueryParam('$skiptoken', 'Continuation token from `@odata.nextLink`; follow the link rather than building it. Continuation pages are not throttled.'),
    ...(surface === 'feed'
      ? [
          ApiQueryParam('$expand', 'Related entities to include (Customer to its activities and measures), with nested options. Example: `UnifiedActivity($top=3)`.'),
          ApiQueryParam('$format', '`json` (the only format served).'),
        ]
      : []),
    ApiHeader({
      name: 'Prefer',
      required: false,
      description: '`odata.maxpagesize=<n>` bounds the page size (answered with `Preference-Applied`).',
      schema: { type: 'string', example: 'odata.maxpagesize=100' },
    }),
    ApiErrors(400, 406, 501),
  );
