import { StoreOpenError } from '@app/storage';
import { ConfigValidationError } from '../config/gateway-config';
import { describeFailure, ExitCode, UsageError } from './cli-errors';

describe(describeFailure.name, () => {
  it('maps each kind of failure to its exit code and one message', () => {
    expect(describeFailure('keys create', new UsageError('--role is required', 'keys create'))).toEqual({
      code: ExitCode.Usage,
      text: "insights-gateway keys create: --role is required\nRun 'insights-gateway keys create --help' for usage.",
    });
    expect(describeFailure(undefined, new UsageError("unknown command 'x'", ''))).toEqual({
      code: ExitCode.Usage,
      text: "insights-gateway: unknown command 'x'\nRun 'insights-gateway --help' for usage.",
    });
    expect(describeFailure('keys list', new ConfigValidationError('Invalid configuration:\n  PORT="x": …'))).toEqual({ code: ExitCode.Usage, text: 'Invalid configuration:\n  PORT="x": …' });
    expect(describeFailure('keys list', new StoreOpenError('PostgreSQL at h:5432/db (DATABASE_URL) does not answer: ECONNREFUSED'))).toEqual({
      code: ExitCode.Failed,
      text: 'insights-gateway keys list: PostgreSQL at h:5432/db (DATABASE_URL) does not answer: ECONNREFUSED',
    });
    expect(describeFailure('import', new Error('model.json: bad JSON'))).toEqual({ code: ExitCode.Failed, text: 'import failed: model.json: bad JSON' });
    expect(describeFailure('import', new Error('boom'), true).text).toMatch(/^import failed: Error: boom\n\s+at /);
  });
});
