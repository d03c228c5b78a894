import { STATUS_CODES } from 'node:http';
import type { OpenAPIObject } from '@nestjs/swagger';
import { errorResponse, ErrorStatus } from './api-docs.decorators';

type PathItem = OpenAPIObject['paths'][string];
type Operation = NonNullable<PathItem['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * OpenAPI 3.0 §4.7.12: header parameters with these names "SHALL be ignored"; the feed's
 * `@Headers('accept')` would otherwise appear as a required parameter. Content types are
 * listed in each response instead, and credentials in the security schemes.
 */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The parts of the document that follow from what the gateway applies to every route rather
 * than from one controller, written once here as the guards and Fastify apply them once:
 * - `@Public()` routes (`security: [{}]`) need no credential: `security: []`
 *   (`@ApiSecurity` cannot state an empty list; the explorer drops empty metadata);
 * - every other route may answer 401 and 429 (the global CredentialGuard, AccessGuard and
 *   ConnectionThrottlerGuard, §7), and 503 when the store that holds the keys does not answer;
 * - a route with a request body may answer 413 and 415 (Fastify's body limit and parsers);
 * - any route may answer 500;
 * - a response described by its `type` alone gets its status text (`OK`, `Created`, …).
 */
export function finalizeDocument(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) finalizeOperation(operation);
    }
  }
  return document;
}

function finalizeOperation(operation: Operation): void {
  const isPublic = operation.security !== undefined && operation.security.every((requirement) => Object.keys(requirement).length === 0);
  if (isPublic) operation.security = [];
  operation.parameters = operation.parameters?.filter((p) => !('in' in p && p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())));
  const statuses: ErrorStatus[] = [...(isPublic ? [] : ([401, 429, 503] as const)), ...(operation.requestBody ? ([413, 415] as const) : []), 500];
  for (const [status, response] of Object.entries(operation.responses)) {
    if (response && 'description' in response && !response.description) response.description = STATUS_CODES[status] ?? status;
  }
  for (const status of statuses) {
    if (operation.responses[status] !== undefined) continue;
    const { description, headers } = errorResponse(status);
    operation.responses[status] = {
      description,
      ...(headers ? { headers } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelopeSchema' } } },
    };
  }
}
