import { Test } from '@nestjs/testing';
import type { InstanceManifest } from '@app/storage';
import { StorageDriver } from '@app/storage';
import { GATEWAY_CONFIG } from '../../config/config.constants';
import { ConnectorTargetResolver } from '../../connector/connector-target.resolver';
import { RequestValidationError } from '../../errors/gateway-errors';
import { ReportRecipientsService } from './report-recipients.service';

describe(ReportRecipientsService.name, () => {
  const manifest: InstanceManifest = { name: 'demo', displayName: 'Demo', searchIndex: [], entities: [], reports: { webhooks: ['https://old.example.com/hook'] } };
  const connection = { id: 'conn_admin', displayName: 'admin', keyHash: '', role: 'admin' as const, datasets: ['*'], createdAt: '' };
  let sut: ReportRecipientsService;
  let applyManifest: jest.Mock;

  beforeEach(async () => {
    applyManifest = jest.fn(async (m: InstanceManifest) => ({ name: m.name, manifest: m }));
    const moduleRef = await Test.createTestingModule({
      providers: [
        ReportRecipientsService,
        { provide: StorageDriver, useValue: { applyManifest } },
        // The production default: internal addresses are refused.
        { provide: GATEWAY_CONFIG, useValue: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: false } },
        { provide: ConnectorTargetResolver, useValue: { dataset: async () => ({ name: 'demo', manifest }) } },
      ],
    }).compile();
    sut = moduleRef.get(ReportRecipientsService);
  });

  it('refuses internal and non-http(s) webhooks, every one named, and saves nothing', async () => {
    const attempt = sut.put(connection, 'demo', { webhooks: ['https://93.184.215.14/ok', 'http://127.0.0.1:8080/x', 'ftp://93.184.215.14/in', 'http://[fd00:ec2::254]/'] });
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).details).toEqual([
      { code: 'WEBHOOK_URL_PRIVATE', message: expect.stringMatching(/^webhooks\[1\] resolves to a private or loopback address \(127\.0\.0\.1\)/), target: 'webhooks[1]' },
      { code: 'WEBHOOK_URL_INVALID', message: 'webhooks[2] must be an absolute http(s) URL', target: 'webhooks[2]' },
      { code: 'WEBHOOK_URL_PRIVATE', message: expect.stringMatching(/^webhooks\[3\] resolves to a private or loopback address \(fd00:ec2::254\)/), target: 'webhooks[3]' },
    ]);
    expect(applyManifest).not.toHaveBeenCalled();
  });

  it('replaces both lists in the manifest: URLs normalised, duplicates dropped, a list left out emptied', async () => {
    const saved = await sut.put(connection, 'demo', { emails: ['ops@example.com', 'Ops@Example.com', 'lead@example.com'] });
    expect(saved).toEqual({ webhooks: [], emails: ['ops@example.com', 'lead@example.com'] });
    expect(applyManifest).toHaveBeenCalledWith({ ...manifest, reports: { webhooks: [], emails: ['ops@example.com', 'lead@example.com'] } });

    // IP literals: the check resolves host names, and unit specs stay off the network.
    const hooks = await sut.put(connection, 'demo', { webhooks: ['HTTPS://93.184.215.14:443/a?b=1', 'https://93.184.215.14/a?b=1'] });
    expect(hooks.webhooks).toEqual(['https://93.184.215.14/a?b=1']);
  });

  it('shows the current recipients, empty lists when none were set', async () => {
    expect(await sut.get(connection, 'demo')).toEqual({ webhooks: ['https://old.example.com/hook'], emails: [] });
  });
});
