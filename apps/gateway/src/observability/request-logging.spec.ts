import type { IncomingMessage } from 'node:http';
import { pathOf, requestIdOf } from './request-logging';

describe('request logging', () => {
  const request = (id?: string | string[]) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it.each(['abc-123', 'trace.42:span_7', 'A'.repeat(64), '0af7651916cd43dd8448eb211c80319c'])('keeps a safe caller id %s', (id) => {
    expect(requestIdOf(request(id))).toBe(id);
  });

  it.each([undefined, '', 'A'.repeat(65), 'has space', 'new\nline', '"quoted"', 'ünïcode', ['a', 'b']])('replaces %p with a fresh UUID', (id) => {
    expect(requestIdOf(request(id))).toMatch(uuid);
  });

  it('logs the path without the query string, and at most 1024 characters of it', () => {
    expect(pathOf('/datasets/demo/tables?api-key=secret&$top=1')).toBe('/datasets/demo/tables');
    expect(pathOf('/status/demo?token=abc')).toBe('/status/demo');
    expect(pathOf('/health')).toBe('/health');
    expect(pathOf(undefined)).toBe('');
    expect(pathOf(`/${'a'.repeat(2000)}?x=1`)).toBe(`/${'a'.repeat(1023)}…`);
  });
});
