import { LakePathError } from './lake-errors';

const SEGMENT = /^[^\u0000-\u001f\\:*?"<>|]+$/;

/**
 * Checks a relative lake path: slash-separated segments, none empty, `.` or `..`, no
 * control characters or characters Windows and blob tools reject. Callers join segments
 * they got from manifests and model.json; this is the one place that stops an escape.
 */
export function checkLakePath(path: string, options: { allowEmpty?: boolean } = {}): string {
  if (path === '' && options.allowEmpty) return path;
  if (path.length === 0 || path.length > 1024) throw new LakePathError(path, 'must have 1 to 1024 characters');
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') throw new LakePathError(path, 'must be relative, without empty, . or .. segments');
    if (!SEGMENT.test(segment)) throw new LakePathError(path, 'holds a character a lake path may not have');
  }
  return path;
}

/** Joins relative segments with '/', then checks the result. */
export function joinLakePath(...parts: string[]): string {
  return checkLakePath(parts.filter((p) => p !== '').join('/'));
}

/** The folder part of a path ('' at the root). */
export function lakeDirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
