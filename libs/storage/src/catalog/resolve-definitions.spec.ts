import type { InstanceManifest } from './instance-manifest';
import { resolveInstance } from './resolve-instance';
import { ManifestError } from '../storage-errors';
import { isReadOnly } from './write-policy';

const base: InstanceManifest = {
  name: 'shop',
  displayName: 'Shop',
  searchIndex: ['City'],
  entities: [
    {
      name: 'Customer',
      kind: 'profile',
      key: 'CustomerId',
      attributes: [
        { name: 'CustomerId', type: 'String' },
        { name: 'City', type: 'String' },
        { name: 'Points', type: 'Int32' },
        { name: 'JoinedOn', type: 'Date' },
      ],
    },
  ],
};

/** Manifest files are JSON or YAML written by people: their shape is only checked by the resolver. */
function fromFile(text: string): Partial<InstanceManifest> {
  return JSON.parse(text);
}

function problem(manifest: InstanceManifest): string {
  try {
    resolveInstance(manifest);
  } catch (error) {
    if (error instanceof ManifestError) return error.message;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

describe('segments and measures in the catalog', () => {
  it('adds no Segments entity to an instance without segments', () => {
    expect(resolveInstance(base).entities.map((e) => e.name)).toEqual(['Customer']);
  });

  it('gives each segment a read-only membership entity with the profile attributes, and adds the Segments list', () => {
    const catalog = resolveInstance({ ...base, segments: [{ name: 'Big', filter: 'Points gt 10' }] });
    const [, members, list] = catalog.entities;
    expect(members).toMatchObject({ name: 'Big', kind: 'segment', key: 'CustomerId', table: 'shop__Big', filterableFields: ['CustomerId'] });
    expect(members.attributes.map((a) => a.name)).toEqual(['CustomerId', 'City', 'Points', 'JoinedOn']);
    expect(list).toMatchObject({ name: 'Segments', key: 'Name', derived: true, table: 'shop__Segments' });
    expect(list.attributes.map((a) => `${a.name}:${a.type}`)).toEqual([
      'Name:String',
      'DisplayName:String',
      'Filter:String',
      'State:String',
      'EntityCount:Int64',
      'EvaluationDate:DateTimeOffset',
    ]);
    expect(isReadOnly(members)).toBe(true);
    expect(isReadOnly(list)).toBe(true);
  });

  it.each([
    [{ segments: [{ name: 'Big', filter: 'Points gt' }] }, /segment 'Big'.*filter does not apply/],
    [{ segments: [{ name: 'Big', filter: 'Nope eq 1' }] }, /Property 'Nope' does not exist/],
    [{ segments: [{ name: 'Customer', filter: 'Points gt 1' }] }, /already an entity or segment/],
    [{ segments: [{ name: 'Big', filter: 'Points gt 1' }, { name: 'big', filter: 'Points gt 2' }] }, /already an entity or segment/],
    [{ segments: [{ name: 'Segments', filter: 'Points gt 1' }] }, /already an entity or segment/],
    [{ segments: [{ name: 'Has space', filter: 'Points gt 1' }] }, /name must match/],
    [{ measures: [{ name: 'M', entity: 'Nope', aggregate: 'count' as const }] }, /entity 'Nope' is not an entity/],
    [{ measures: [{ name: 'M', entity: 'Customer', aggregate: 'sum' as const }] }, /'sum' needs a field/],
    [{ measures: [{ name: 'M', entity: 'Customer', aggregate: 'sum' as const, field: 'City' }] }, /needs a numeric field; 'City' is Edm.String/],
    [{ measures: [{ name: 'M', entity: 'Customer', aggregate: 'max' as const, field: 'JoinedOn' }] }, /needs a numeric field/],
    [{ measures: [{ name: 'M', entity: 'Customer', aggregate: 'count' as const, filter: "City eq 1" }] }, /filter does not apply/],
    [{ measures: [{ name: 'M', entity: 'Customer', aggregate: 'count' as const }, { name: 'm', entity: 'Customer', aggregate: 'count' as const }] }, /twice/],
    // As a hand-written manifest file may say it: one expression instead of a list.
    [fromFile('{"schedule": {"cron": "0 0 2 * * *", "timezone": "UTC", "active": true}}'), /cron must be a list/],
  ])('rejects %j', (extra, message) => {
    expect(problem({ ...base, ...extra })).toMatch(message);
  });

  it('accepts countDistinct on any field and a filtered count', () => {
    const catalog = resolveInstance({
      ...base,
      measures: [
        { name: 'Cities', entity: 'Customer', aggregate: 'countDistinct', field: 'City' },
        { name: 'Lyon', entity: 'Customer', aggregate: 'count', filter: "City eq 'Lyon'" },
      ],
    });
    expect(catalog.manifest.measures).toHaveLength(2);
  });
});
