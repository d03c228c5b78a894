import type { FastifyRequest } from 'fastify';

/** The absolute origin clients reach us at: the configured public URL, or the request's own. */
export function requestOrigin(request: FastifyRequest, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl) return publicBaseUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** `Prefer: odata.maxpagesize=N` (the only preference we honour on reads). */
export function preferredPageSize(request: FastifyRequest): number | undefined {
  const prefer = request.headers.prefer;
  const value = Array.isArray(prefer) ? prefer.join(',') : prefer;
  const match = value ? /(?:^|[,;\s])odata\.maxpagesize\s*=\s*"?(\d{1,9})"?/i.exec(value) : null;
  const size = match ? Number(match[1]) : undefined;
  return size !== undefined && size > 0 ? size : undefined;
}
