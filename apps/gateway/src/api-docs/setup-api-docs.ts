import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayConfig } from '../config/gateway-config';
import { API_TAG_DESCRIPTIONS, DOCS_PATH, OPENAPI_PATH, SecurityScheme } from './api-docs.constants';
import { ErrorEnvelopeSchema } from './error-envelope.schema';
import { finalizeDocument } from './finalize-document';

/**
 * Content-Security-Policy of the docs page: Swagger UI's scripts and styles are files served
 * from `/docs/`; it needs inline styles (its page template and React style attributes),
 * `data:` images (icons in its CSS), and `connect-src 'self'` for "Try it out".
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const DESCRIPTION = [
  'A self-hosted, Dynamics 365 Customer Insights–compatible OData gateway.',
  '',
  'Every route needs a credential except `/health`, `/openapi.json`, `/docs` and `/connector/*`: ',
  '`Authorization: Bearer <key>`, `Authorization: Basic base64(<connectionId>:<key>)`, or the `api-key` ',
  'header or query parameter. Use **Authorize** to set one, then **Try it out**.',
  '',
  'Errors always come in one envelope: `{"error":{"code","message","target","details":[]},"statusCode","message"}`.',
].join('\n');

/** Builds the OpenAPI 3 document from the controllers and serves it at `/openapi.json` with Swagger UI at `/docs`. */
export function setupApiDocs(app: NestFastifyApplication, config: GatewayConfig): void {
  const builder = new DocumentBuilder()
    .setTitle('Insights Gateway')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A connection key: `Authorization: Bearer <key>`.' }, SecurityScheme.Bearer)
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'The connection id as user name and its key as password.' }, SecurityScheme.Basic)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'api-key', description: 'A connection key in the `api-key` header.' }, SecurityScheme.ApiKeyHeader)
    .addApiKey({ type: 'apiKey', in: 'query', name: 'api-key', description: "A connection key in the `api-key` query parameter (Power Query's Web API key)." }, SecurityScheme.ApiKeyQuery);
  for (const scheme of Object.values(SecurityScheme)) builder.addSecurityRequirements(scheme);
  for (const [name, description] of Object.entries(API_TAG_DESCRIPTIONS)) builder.addTag(name, description);
  if (config.PUBLIC_BASE_URL !== undefined) builder.addServer(config.PUBLIC_BASE_URL);

  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ErrorEnvelopeSchema],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  SwaggerModule.setup(DOCS_PATH, app, finalizeDocument(document), {
    jsonDocumentUrl: OPENAPI_PATH,
    raw: ['json'],
    customSiteTitle: 'Insights Gateway API',
    swaggerOptions: { validatorUrl: null },
  });
  const docsPrefix = `/${DOCS_PATH}`;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (request.url === docsPrefix || request.url.startsWith(`${docsPrefix}/`) || request.url.startsWith(`${docsPrefix}?`)) {
        reply.header('Content-Security-Policy', DOCS_CSP);
      }
    });
}
