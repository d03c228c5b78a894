import { elapsedMs, formatAgo, formatChange, formatDate, formatDuration, formatElapsed, formatNumber, formatTime, NONE } from './status-format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [999.6, '1 s'],
    [1000, '1 s'],
    [4_250, '4.3 s'],
    [9_960, '10 s'],
    [42_000, '42 s'],
    [59_600, '1 min'],
    [125_000, '2 min 5 s'],
    [3_600_000, '1 h'],
    [12_000_000, '3 h 20 min'],
    [86_400_000, '1 d'],
    [2 * 86_400_000 + 5 * 3_600_000, '2 d 5 h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('%d → —', (ms) => {
    expect(formatDuration(ms)).toBe(NONE);
  });
});

describe('times', () => {
  it('shows ISO times in UTC, readably', () => {
    expect(formatTime('2024-05-01T14:03:22.123Z')).toBe('2024-05-01 14:03:22 UTC');
    expect(formatTime('2024-05-01T16:03:22+02:00')).toBe('2024-05-01 14:03:22 UTC');
    expect(formatDate('2024-05-01T23:59:59Z')).toBe('2024-05-01');
  });

  it('gives text that is no time back unchanged', () => {
    expect(formatTime('yesterday')).toBe('yesterday');
  });

  it('says how long ago, coarsely', () => {
    expect(formatAgo('2024-05-01T12:00:00Z', '2024-05-01T15:20:00Z')).toBe('3 h 20 min ago');
    expect(formatAgo('2024-05-01T12:00:00Z', '2024-05-01T12:00:30Z')).toBe('just now');
    expect(formatAgo('2024-05-01T12:00:00Z', '2024-05-01T11:00:00Z')).toBe(NONE);
    expect(formatAgo(undefined, '2024-05-01T11:00:00Z')).toBe(NONE);
  });
});

describe('elapsed time of a run or task', () => {
  const now = '2024-05-01T12:10:00Z';

  it('measures start to end, or start to now while running', () => {
    expect(elapsedMs({ status: 'Successful', startedAt: '2024-05-01T12:00:00Z', endedAt: '2024-05-01T12:02:05Z' }, now)).toBe(125_000);
    expect(formatElapsed({ status: 'Running', startedAt: '2024-05-01T12:09:48Z' }, now)).toBe('running for 12 s');
  });

  it('has no duration before the start, or for a run that stopped without an end', () => {
    expect(formatElapsed({ status: 'Queued' }, now)).toBe(NONE);
    expect(formatElapsed({ status: 'Failed', startedAt: '2024-05-01T12:00:00Z' }, now)).toBe(NONE);
  });
});

describe('numbers and changes', () => {
  it('formats numbers in en-US with a real minus sign', () => {
    expect(formatNumber(12345.678)).toBe('12,345.68');
    expect(formatNumber(-3)).toBe('\u22123');
  });

  it.each([
    [110, 100, 'up', '+10 (+10 %)'],
    [95, 100, 'down', '\u22125 (\u22125 %)'],
    [100, 100, 'flat', 'no change'],
    [7, 0, 'up', '+7'],
    [1.5, 1.25, 'up', '+0.25 (+20 %)'],
  ])('%d after %d → %s %s', (latest, previous, trend, text) => {
    expect(formatChange(latest, previous)).toEqual({ trend, text });
  });

  it('has no change for a first evaluation', () => {
    expect(formatChange(5, undefined)).toBeUndefined();
  });
});
