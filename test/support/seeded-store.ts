import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BoundQuery, EntityMetadata } from '@app/odata';
import type { InstanceManifest, ItemValue, PageRequest } from '@app/storage';
import type { StoreFactory } from './store-factories';

/** Rows of one entity, in attribute order. */
export interface SeededEntity {
  readonly entity: EntityMetadata;
  readonly rows: readonly (readonly ItemValue[])[];
}

/** Runs bound queries the way the gateway does, through a store driver's `queryItems`/`countItems`. */
export interface SeededStore {
  rows(query: BoundQuery, page: PageRequest): Promise<Record<string, ItemValue>[]>;
  count(query: BoundQuery): Promise<number>;
  close(): Promise<void>;
}

/**
 * The manifest under which a store creates exactly these entities' tables
 * (`<instance>__<name>`, with their attribute types), so queries bound against hand-written
 * metadata (`@app/odata/testing`) run against the store's own tables.
 */
export function manifestOf(instance: string, entities: readonly EntityMetadata[]): InstanceManifest {
  const profile = entities.find((e) => e.kind === 'profile');
  return {
    name: instance,
    displayName: instance,
    searchIndex: profile ? profile.filterableFields.filter((f) => f !== profile.key) : [],
    entities: entities.map((e) => ({
      name: e.name,
      kind: e.kind,
      key: e.key,
      keyGenerated: e.keyGenerated,
      attributes: e.attributes.map((a) => ({ name: a.name, type: a.type, nullable: a.nullable })),
      sortFields: e.sortFields,
    })),
  };
}

/** A fresh store of `factory` holding `seeds` (loaded as an import would load them). */
export async function openSeededStore(factory: StoreFactory, instance: string, seeds: readonly SeededEntity[]): Promise<SeededStore> {
  const dir = mkdtempSync(join(tmpdir(), `igw-seeded-${factory.name}-`));
  const store = await factory.open(dir);
  const close = async () => {
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const catalog = await store.driver.applyManifest(manifestOf(instance, seeds.map((s) => s.entity)));
    for (const { entity, rows } of seeds) {
      const stored = catalog.entities.find((e) => e.name === entity.name);
      if (stored?.table !== entity.table) throw new Error(`entity ${entity.name} is stored as ${stored?.table}, not ${entity.table}`);
      await store.driver.replaceRows(instance, stored, rows);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    rows: async (query, page) => (await store.driver.queryItems(query, page)).records.map((r) => ({ ...r.values })),
    count: (query) => store.driver.countItems(query),
    close,
  };
}
