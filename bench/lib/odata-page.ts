/** One page of an OData collection response, as the benchmark reads it. */
export interface ODataPage {
  readonly value: readonly Record<string, unknown>[];
  readonly '@odata.nextLink'?: string;
}

export function parsePage(body: Buffer, what: string): ODataPage {
  const page = JSON.parse(body.toString('utf8')) as ODataPage;
  if (!Array.isArray(page.value)) throw new Error(`${what}: response has no value array: ${body.toString('utf8').slice(0, 300)}`);
  return page;
}
