/** §3.5: the one error body every route answers with. */
export interface ErrorEnvelope {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly target?: string;
    readonly details: readonly { code: string; message: string; target?: string }[];
  };
  readonly statusCode: number;
  readonly message: string;
}

export interface GatewayErrorInfo {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly target?: string;
  readonly details?: readonly { code: string; message: string; target?: string }[];
  readonly headers?: Readonly<Record<string, string>>;
}

export function toEnvelope(info: GatewayErrorInfo): ErrorEnvelope {
  return {
    error: {
      code: info.code,
      message: info.message,
      ...(info.target !== undefined ? { target: info.target } : {}),
      details: info.details ?? [],
    },
    statusCode: info.status,
    message: info.message,
  };
}
