import { expectPositionals, integerOption, parseCommand } from './cli-args';
import { UsageError } from './cli-errors';

describe(parseCommand.name, () => {
  const options = { dataset: { type: 'string' }, wait: { type: 'boolean' } } as const;

  it('reads options, positionals and --help', () => {
    const sut = parseCommand('run', ['measures', '--dataset', 'demo', '--wait', '-h'], options);
    expect(sut.positionals).toEqual(['measures']);
    expect(sut.values).toEqual({ dataset: 'demo', wait: true, help: true });
  });

  it.each([
    [['--all'], "unknown option '--all'"],
    [['--dataset'], "option '--dataset <value>' argument missing"],
    [['--wait=yes'], "option '--wait' does not take an argument"],
  ])('turns parseArgs errors into a usage error naming the command: %j', (args, message) => {
    let error: unknown;
    try {
      parseCommand('run', args, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message, helpFor: 'run' });
  });
});

describe(expectPositionals.name, () => {
  it('takes exactly the named positionals', () => {
    expect(expectPositionals('keys revoke', ['conn_1'], ['id'])).toEqual(['conn_1']);
    expect(() => expectPositionals('keys revoke', [], ['id'])).toThrow(new UsageError('missing <id>'));
    expect(() => expectPositionals('keys list', ['all'], [])).toThrow(new UsageError("unexpected argument 'all'"));
  });
});

describe(integerOption.name, () => {
  it('accepts integers in range and rejects everything else', () => {
    expect(integerOption('demo generate', 'customers', undefined, 1, 100)).toBeUndefined();
    expect(integerOption('demo generate', 'customers', '100', 1, 100)).toBe(100);
    for (const bad of ['0', '101', '-1', '1.5', '1e2', 'ten', '']) {
      expect(() => integerOption('demo generate', 'customers', bad, 1, 100)).toThrow(`--customers must be an integer from 1 to 100, got '${bad}'`);
    }
  });
});
