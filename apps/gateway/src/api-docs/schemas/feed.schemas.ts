/** OData feed shapes (§4), for the OpenAPI document only: the feed's own contract is its `$metadata`. */

export const SERVICE_DOCUMENT_SCHEMA = {
  type: 'object',
  properties: {
    '@odata.context': { type: 'string', example: 'https://gateway.example.com/odata/demo/$metadata' },
    value: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string', example: 'Customer' }, kind: { type: 'string', enum: ['EntitySet'] }, url: { type: 'string', example: 'Customer' } },
      },
    },
  },
};

export const FEED_COLLECTION_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  description: 'A collection `{@odata.context, value, @odata.nextLink?, @odata.count?}`, or one entity with `@odata.context` ending in `/$entity`.',
  properties: {
    '@odata.context': { type: 'string', example: 'https://gateway.example.com/odata/demo/$metadata#Customer' },
    value: { type: 'array', items: { type: 'object', additionalProperties: true } },
    '@odata.nextLink': { type: 'string' },
    '@odata.count': { type: 'integer' },
  },
};
