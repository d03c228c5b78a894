/*
 * The small part of Swagger 2.0 the connector definition writes, plus room for the Power
 * Platform `x-ms-*` extensions (learn.microsoft.com/connectors/custom-connectors/openapi-extensions).
 * Our own types rather than `openapi-types`: those know no vendor extensions, and it is a dev dependency.
 */

/** A JSON Schema object as Swagger 2.0 embeds it (`x-ms-*` keys included). */
export interface SwaggerSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly format?: string;
  readonly title?: string;
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SwaggerSchema>>;
  readonly items?: SwaggerSchema;
  readonly additionalProperties?: boolean | SwaggerSchema;
  readonly enum?: readonly string[];
  readonly default?: string | number | boolean;
  readonly $ref?: string;
  readonly [extension: `x-${string}`]: unknown;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'body';

export interface SwaggerParameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required?: boolean;
  readonly type?: 'string' | 'integer' | 'number' | 'boolean';
  readonly format?: string;
  readonly description?: string;
  readonly default?: string | number | boolean;
  /** Body parameters only. */
  readonly schema?: SwaggerSchema;
  readonly [extension: `x-${string}`]: unknown;
}

export interface SwaggerResponse {
  readonly description: string;
  readonly schema?: SwaggerSchema;
  readonly headers?: Readonly<Record<string, { readonly type: 'string'; readonly description?: string }>>;
}

export interface SwaggerOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly parameters: readonly SwaggerParameter[];
  readonly responses: Readonly<Record<string, SwaggerResponse>>;
  readonly [extension: `x-${string}`]: unknown;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A path item: operations by method, plus path-level extensions (`x-ms-notification-content`). */
export type SwaggerPathItem = { readonly [method in HttpMethod]?: SwaggerOperation } & { readonly [extension: `x-${string}`]: unknown };

export interface SwaggerDocument {
  readonly swagger: '2.0';
  readonly info: { readonly title: string; readonly description: string; readonly version: string };
  readonly host: string;
  readonly basePath: string;
  readonly schemes: readonly ('http' | 'https')[];
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
  readonly paths: Readonly<Record<string, SwaggerPathItem>>;
  readonly definitions: Readonly<Record<string, SwaggerSchema>>;
  readonly parameters: Readonly<Record<string, SwaggerParameter>>;
  readonly responses: Readonly<Record<string, SwaggerResponse>>;
  readonly securityDefinitions: Readonly<Record<string, { readonly type: 'apiKey' | 'basic'; readonly in?: 'header' | 'query'; readonly name?: string }>>;
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly [extension: `x-${string}`]: unknown;
}
