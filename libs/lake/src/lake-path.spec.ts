import { LakePathError } from './lake-errors';
import { checkLakePath, joinLakePath, lakeDirname } from './lake-path';

describe(checkLakePath.name, () => {
  it.each(['a', 'demo/Customer/part-00000.csv', 'é t/ü ñ.csv', 'a.b/..c/d..', 'x'.repeat(1024), "o'k/#1 (copy)%20.csv"])('accepts %j unchanged', (path) => {
    expect(checkLakePath(path)).toBe(path);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(1025)],
    ['absolute', '/abs'],
    ['a parent escape', '../x'],
    ['a trailing ..', 'a/..'],
    ['a . segment', 'a/./b'],
    ['an empty segment', 'a//b'],
    ['a trailing slash', 'a/'],
    ['a backslash', 'a\\b'],
    ['a drive colon', 'c:/x'],
    ['a control character', 'a\u0000b'],
    ['a newline', 'a\nb'],
    ['a wildcard', 'a*'],
    ['a question mark', 'a?b'],
    ['a quote', 'a"b'],
    ['angle brackets', 'a<b>'],
    ['a pipe', 'a|b'],
  ])('rejects %s', (_what, path) => {
    expect(() => checkLakePath(path)).toThrow(LakePathError);
  });

  it('names the path and the reason in the error', () => {
    expect(() => checkLakePath('../x')).toThrow("lake path '../x' must be relative, without empty, . or .. segments");
  });

  it('accepts the empty path only when asked to', () => {
    expect(checkLakePath('', { allowEmpty: true })).toBe('');
    expect(() => checkLakePath('a//b', { allowEmpty: true })).toThrow(LakePathError);
  });
});

describe(joinLakePath.name, () => {
  it('joins segments and skips empty ones', () => {
    expect(joinLakePath('demo', '', 'Customer', 'part.csv')).toBe('demo/Customer/part.csv');
  });

  it('joins pre-joined parts', () => {
    expect(joinLakePath('demo/Customer', 'part.csv')).toBe('demo/Customer/part.csv');
  });

  it.each([[['demo', '..', 'x']], [['demo', '/etc']], [[]], [['', '']], [['a/', 'b']]])('rejects %j', (parts) => {
    expect(() => joinLakePath(...parts)).toThrow(LakePathError);
  });
});

describe(lakeDirname.name, () => {
  it.each([
    ['demo/Customer/part.csv', 'demo/Customer'],
    ['demo/x', 'demo'],
    ['model.json', ''],
  ])('%j is in %j', (path, folder) => {
    expect(lakeDirname(path)).toBe(folder);
  });
});
