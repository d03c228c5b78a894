import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { GatewayErrorCode } from '../errors/gateway-errors';
import { IS_PUBLIC } from './auth.decorators';
import { ConnectionAuthenticator } from './connection-authenticator';
import { readCredential } from './credentials';
import { setAuthState } from './principal';

/**
 * First guard: works out who is calling and records it, without rejecting yet, so the
 * throttler can count failed attempts per client address before the 401 is sent.
 */
@Injectable()
export class CredentialGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ConnectionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credential = readCredential(request);
    if (credential === undefined) {
      setAuthState(request, { failure: GatewayErrorCode.AuthRequired });
    } else if (credential.kind === 'malformed') {
      setAuthState(request, { failure: GatewayErrorCode.AuthInvalid });
    } else {
      const connection = await this.authenticator.authenticate(credential);
      setAuthState(request, connection ? { connection } : { failure: GatewayErrorCode.AuthInvalid });
    }
    return true;
  }
}
