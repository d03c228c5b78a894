/** One media range of an Accept header, with its parameters and quality. */
interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [range, ...rest] = part.split(';').map((p) => p.trim());
      const [type = '', subtype = ''] = range.toLowerCase().split('/');
      const params = new Map<string, string>();
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase());
      }
      const q = params.has('q') ? Number(params.get('q')) : 1;
      return { type, subtype, params, q: Number.isFinite(q) ? q : 0 };
    });
}

/**
 * Whether a response of `type/subtype` is acceptable, per RFC 9110 §12.5.1 (q=0 excludes).
 * No Accept header accepts anything. Power Query sends `application/json;odata.metadata=minimal;q=1.0,
 * application/json;odata=minimalmetadata;q=0.9, application/atomsvc+xml;q=0.8, application/atom+xml;q=0.8,
 * application/xml;q=0.7, text/plain;q=0.7`, which must get JSON.
 */
export function accepts(header: string | undefined, type: string, subtype: string): boolean {
  if (header === undefined || header.trim() === '') return true;
  const ranges = parseAccept(header);
  const matching = ranges.filter(
    (r) => (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype),
  );
  // The most specific range decides (an explicit q=0 on application/json beats */*).
  const best = matching.sort((a, b) => specificity(b) - specificity(a))[0];
  return best !== undefined && best.q > 0;
}

function specificity(range: MediaRange): number {
  return (range.type === '*' ? 0 : 2) + (range.subtype === '*' ? 0 : 1);
}

/** `IEEE754Compatible=true` asked for in Accept (or in the request's Content-Type). */
export function wantsIeee754(header: string | undefined): boolean {
  return header !== undefined && parseAccept(header).some((r) => r.params.get('ieee754compatible') === 'true' && r.q > 0);
}

const FORMAT_ALIASES: Record<string, string> = { json: 'application/json', xml: 'application/xml', atom: 'application/atom+xml' };

/**
 * Whether the response may be `type/subtype`: `$format` (OData's override, URL conventions
 * §5.1.8: `json`, `xml`, `atom` or a media type) wins over Accept when present.
 */
export function acceptsFormat(accept: string | undefined, format: string | undefined, type: string, subtype: string): boolean {
  if (format === undefined) return accepts(accept, type, subtype);
  const media = FORMAT_ALIASES[format.toLowerCase()] ?? format;
  return accepts(media, type, subtype);
}
