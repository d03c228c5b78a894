import type { EntityMetadata } from '@app/odata';
import { CatalogCache } from './catalog-cache';
import type { InstanceCatalog } from './resolve-instance';

const entity = (table: string) => ({ table }) as EntityMetadata;
const catalog = (name: string, tables: string[]) => ({ name, entities: tables.map(entity) }) as unknown as InstanceCatalog;

describe(CatalogCache.name, () => {
  it('maps tables to their instance, and forgets tables an instance no longer has', () => {
    const sut = new CatalogCache();
    sut.remember(catalog('b', ['b__Customer']));
    sut.remember(catalog('a', ['a__Customer', 'a__Orders']));
    expect(sut.list().map((c) => c.name)).toEqual(['a', 'b']);
    expect(sut.ownerOf(entity('a__Orders'))).toBe('a');
    sut.remember(catalog('a', ['a__Customer']));
    expect(sut.ownerOf(entity('a__Orders'))).toBeUndefined();
    expect(sut.ownerOf(entity('a__Customer'))).toBe('a');
    sut.forget('a');
    expect([sut.get('a'), sut.ownerOf(entity('a__Customer')), sut.names()]).toEqual([undefined, undefined, ['b']]);
  });
});
