import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { GATEWAY_CONFIG } from '../config/config.constants';
import type { GatewayConfig } from '../config/gateway-config';
import { statusPageUrl } from './status-links';
import { StatusTokens } from './status-token';

/**
 * The `StatusPage` link of trigger events (§6.1): absolute and signed, so it opens from an
 * e-mail or a flow without a key. Events are made by runs, not requests, so the origin is
 * PUBLIC_BASE_URL, or the address the gateway listens on when that is unset.
 */
@Injectable()
export class StatusPageLinks {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: StatusTokens,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  runPage(dataset: string, runId: string): string {
    return statusPageUrl(this.origin(), dataset, runId, this.tokens);
  }

  private origin(): string {
    if (this.config.PUBLIC_BASE_URL) return this.config.PUBLIC_BASE_URL;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    const port = address && typeof address === 'object' ? address.port : this.config.PORT;
    const host = this.config.HOST === '0.0.0.0' || this.config.HOST === '::' ? 'localhost' : this.config.HOST;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
}
