import type { EntityMetadata } from '@app/odata';
import type { InstanceCatalog } from './resolve-instance';

/**
 * The resolved catalogs a store keeps in memory: manifests are small and read on every
 * request, so no request reads them from the database. Also maps each physical table to its
 * instance, for questions asked with entity metadata alone (row counts, touch).
 */
export class CatalogCache {
  private readonly instances = new Map<string, InstanceCatalog>();
  private readonly tableOwners = new Map<string, string>();

  /** Replaces what is known of the instance: tables of entities it no longer has are forgotten too. */
  remember(catalog: InstanceCatalog): void {
    this.forget(catalog.name);
    this.instances.set(catalog.name, catalog);
    for (const entity of catalog.entities) this.tableOwners.set(entity.table, catalog.name);
  }

  forget(instance: string): void {
    this.instances.delete(instance);
    for (const [table, owner] of this.tableOwners) if (owner === instance) this.tableOwners.delete(table);
  }

  get(name: string): InstanceCatalog | undefined {
    return this.instances.get(name);
  }

  names(): string[] {
    return [...this.instances.keys()];
  }

  /** By name, whatever order they were created in. */
  list(): InstanceCatalog[] {
    return [...this.instances.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  ownerOf(entity: EntityMetadata): string | undefined {
    return this.tableOwners.get(entity.table);
  }
}
