import type { OpenAPIObject } from '@nestjs/swagger';
import { finalizeDocument } from './finalize-document';

const envelope = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelopeSchema' } } } };

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths };
}

describe(finalizeDocument.name, () => {
  it('opens @Public() operations and adds the errors every secured operation may answer', () => {
    const sut = finalizeDocument(
      documentWith({
        '/health': { get: { security: [{}], responses: { 200: { description: '' } } } },
        '/datasets': { get: { responses: { 200: { description: 'Listed.' } } } },
      }),
    );
    const health = sut.paths['/health'].get!;
    expect(health.security).toEqual([]);
    expect(Object.keys(health.responses)).toEqual(['200', '500']);
    expect(health.responses[200]).toEqual({ description: 'OK' });

    const datasets = sut.paths['/datasets'].get!;
    expect(datasets.security).toBeUndefined();
    expect(Object.keys(datasets.responses).sort()).toEqual(['200', '401', '429', '500', '503']);
    expect(datasets.responses[401]).toMatchObject({ ...envelope, headers: { 'WWW-Authenticate': expect.any(Object) } });
    expect(datasets.responses[429]).toMatchObject({ ...envelope, headers: { 'Retry-After': expect.any(Object) } });
  });

  it('adds 413 and 415 where there is a body, and keeps a response a controller declared', () => {
    const sut = finalizeDocument(
      documentWith({
        '/admin/connections': {
          post: {
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { 201: { description: 'Created.' }, 401: { description: 'Own words.' } },
          },
        },
      }),
    );
    const responses = sut.paths['/admin/connections'].post!.responses;
    expect(Object.keys(responses).sort()).toEqual(['201', '401', '413', '415', '429', '500', '503']);
    expect(responses[401]).toEqual({ description: 'Own words.' });
  });

  it('drops the header parameters OpenAPI says to ignore, and keeps the others', () => {
    const sut = finalizeDocument(
      documentWith({
        '/odata/{dataset}': {
          get: {
            parameters: [
              { name: 'dataset', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'accept', in: 'header', required: true, schema: { type: 'string' } },
              { name: 'Prefer', in: 'header', required: false, schema: { type: 'string' } },
            ],
            responses: { 200: { description: 'OK' } },
          },
        },
      }),
    );
    expect(sut.paths['/odata/{dataset}'].get!.parameters!.map((p) => ('name' in p ? p.name : p.$ref))).toEqual(['dataset', 'Prefer']);
  });
});
