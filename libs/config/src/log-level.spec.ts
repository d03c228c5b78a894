import { LOG_LEVELS, pinoLevelOf, pinoOptions } from './log-level';

describe(pinoLevelOf.name, () => {
  it('maps every LOG_LEVEL to the pino level of the same severity', () => {
    expect(LOG_LEVELS.map(pinoLevelOf)).toEqual(['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']);
  });

  it('builds JSON options that name the level and censor credential headers', () => {
    const sut = pinoOptions('warn');
    expect(sut.level).toBe('warn');
    expect(sut.formatters?.level?.('warn', 40)).toEqual({ level: 'warn' });
    expect(sut.redact).toMatchObject({ paths: expect.arrayContaining(['headers.authorization', 'headers["api-key"]']) });
  });
});
