import type { Connection } from '@app/storage';
import { GatewayErrorCode } from '../errors/gateway-errors';

/** What authentication concluded about a request. */
export type AuthState =
  | { readonly connection: Connection }
  | { readonly failure: typeof GatewayErrorCode.AuthRequired | typeof GatewayErrorCode.AuthInvalid };

const states = new WeakMap<object, AuthState>();

export function setAuthState(request: object, state: AuthState): void {
  states.set(request, state);
}

export function getAuthState(request: object): AuthState | undefined {
  return states.get(request);
}

/** The authenticated connection; only call on routes behind the access guard. */
export function getConnection(request: object): Connection {
  const state = states.get(request);
  if (!state || !('connection' in state)) throw new Error('no authenticated connection on this request');
  return state.connection;
}
