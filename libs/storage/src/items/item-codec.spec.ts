import type { EntityMetadata } from '@app/odata';
import { ItemValidationError } from '../storage-errors';
import { decodeItemBody, decodeKeySegment } from './item-codec';

const entity: EntityMetadata = {
  name: 'Thing',
  displayName: 'Thing',
  kind: 'other',
  key: 'Id',
  keyGenerated: false,
  filterableFields: ['Id'],
  sortFields: [],
  table: 't__Thing',
  attributes: [
    { name: 'Id', displayName: 'Id', type: 'String', nullable: false },
    { name: 'Name', displayName: 'Name', type: 'String', nullable: true, maxLength: 5 },
    { name: 'Count', displayName: 'Count', type: 'Int32', nullable: true },
    { name: 'Big', displayName: 'Big', type: 'Int64', nullable: true },
    { name: 'Ok', displayName: 'Ok', type: 'Boolean', nullable: true },
    { name: 'At', displayName: 'At', type: 'DateTimeOffset', nullable: true },
    { name: 'On', displayName: 'On', type: 'Date', nullable: true },
    { name: 'Ref', displayName: 'Ref', type: 'Guid', nullable: true },
    { name: 'Must', displayName: 'Must', type: 'Double', nullable: false },
  ],
};

describe(decodeItemBody.name, () => {
  it('converts a valid body to storage values and ignores annotations', () => {
    expect(
      decodeItemBody(
        entity,
        {
          '@odata.etag': 'W/"x"',
          Id: 'a',
          Name: 'Ann',
          Count: 3,
          Big: '9007199254740993',
          Ok: false,
          At: '2024-05-01T12:00:00+02:00',
          On: '2024-02-29',
          Ref: 'ABCDEF01-2345-6789-ABCD-EF0123456789',
          Must: 1.5,
        },
        'create',
      ),
    ).toEqual({
      Id: 'a', Name: 'Ann', Count: 3, Big: 9007199254740993n, Ok: false, At: '2024-05-01T10:00:00.000Z', On: '2024-02-29',
      Ref: 'abcdef01-2345-6789-abcd-ef0123456789', Must: 1.5,
    });
  });

  it.each([
    [{ Id: 'a', Must: 1, Nope: 1 }, 'Nope'],
    [{ Id: 'a', Must: 1, Name: 'too long' }, 'Name'],
    [{ Id: 'a', Must: 1, Count: 1.5 }, 'Count'],
    [{ Id: 'a', Must: 1, Count: 2 ** 31 }, 'Count'],
    [{ Id: 'a', Must: 1, Big: 2 ** 60 }, 'Big'],
    [{ Id: 'a', Must: 1, Big: '99999999999999999999' }, 'Big'],
    [{ Id: 'a', Must: 1, Ok: 'true' }, 'Ok'],
    [{ Id: 'a', Must: 1, At: '2024-05-01T12:00:00' }, 'At'],
    [{ Id: 'a', Must: 1, On: '2023-02-29' }, 'On'],
    [{ Id: 'a', Must: 1, Ref: 'not-a-guid' }, 'Ref'],
    [{ Id: 'a', Must: null }, 'Must'],
    [{ Id: 'a' }, 'Must'],
    [{ Must: 1 }, 'Id'],
  ])('rejects %j naming %s', (body, target) => {
    expect(() => decodeItemBody(entity, body, 'create')).toThrow(expect.objectContaining({ target }));
  });

  it('allows partial bodies on update but never non-objects', () => {
    expect(decodeItemBody(entity, { Name: null }, 'update')).toEqual({ Name: null });
    for (const body of [null, [], 'x', 3]) expect(() => decodeItemBody(entity, body, 'update')).toThrow(ItemValidationError);
  });
});

describe(decodeKeySegment.name, () => {
  it('types a key from a URL segment', () => {
    expect(decodeKeySegment(entity, 'C-1')).toBe('C-1');
    const numeric = { ...entity, key: 'Count' };
    expect(decodeKeySegment(numeric, '42')).toBe(42);
    expect(() => decodeKeySegment(numeric, '4x')).toThrow(ItemValidationError);
  });
});
