import { describeFailure, redactSecrets } from './redact-secrets';

describe(describeFailure.name, () => {
  it.each([
    ['connect to postgres://gw:s3cret@db:5432/insights failed', 'connect to postgres://***@db:5432/insights failed'],
    ['redis://:pw@cache:6379 unreachable', 'redis://***@cache:6379 unreachable'],
    ['GET https://acct.blob.core.windows.net/c/x?sv=2024&sig=abc%2F= failed', 'GET https://acct.blob.core.windows.net/c/x?*** failed'],
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=bXlrZXk=;EndpointSuffix=x', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=***;EndpointSuffix=x'],
    ['called with api-key=k-123 and token=t-9', 'called with api-key=*** and token=***'],
    ['connect ECONNREFUSED 127.0.0.1:5432', 'connect ECONNREFUSED 127.0.0.1:5432'],
  ])('redacts %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('gives one bounded line for any thrown value', () => {
    expect(describeFailure(new Error('first\n  second'))).toBe('first second');
    expect(describeFailure('plain')).toBe('plain');
    expect(describeFailure(new Error(''))).toBe('Error');
    expect(describeFailure(new Error('x'.repeat(1000)))).toHaveLength(300);
  });
});
