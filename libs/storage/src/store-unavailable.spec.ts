import { isStoreUnavailable } from './store-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe(isStoreUnavailable.name, () => {
  it('recognises a store that cannot be reached or is going away', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('SQLITE_BUSY', 'database is locked'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new AggregateError([withCode('ECONNREFUSED')]),
    ]) {
      expect(isStoreUnavailable(error)).toBe(true);
    }
  });

  it('leaves a refused query and anything else to the other rules', () => {
    for (const error of [withCode('23505', 'duplicate key'), withCode('42P01', 'relation does not exist'), new Error('boom'), 'ECONNREFUSED', null]) {
      expect(isStoreUnavailable(error)).toBe(false);
    }
  });
});
