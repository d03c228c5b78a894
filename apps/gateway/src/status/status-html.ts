/**
 * HTML building for the status page. Segment names, error messages and the like come
 * from users, so every interpolated value is escaped unless it is markup this module
 * produced: the `html` tag escapes by default and only `SafeHtml` passes through.
 *
 * ```ts
 * html`<td title="${name}">${count}</td>`   // name and count escaped
 * html`<tr>${rows.map(renderRow)}</tr>`     // rows are SafeHtml: kept as markup
 * ```
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and for quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup that is already safe: made by `html` or from a constant. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text and numbers (escaped), markup (kept), lists of those. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

/** Tagged template: escapes every interpolated string or number. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += toHtml(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/**
 * An href for a link the model gave: host-relative (`/status/…`), http(s), or a
 * fragment/query. Anything else (`javascript:`, `data:`, protocol-relative `//host`)
 * becomes `#`: the page never links where it should not, even if a caller slips.
 */
export function safeHref(href: string): string {
  return /^(https?:\/\/|\/(?!\/)|[?#])/i.test(href) ? href : '#';
}

/** Marks a trusted constant (never user data) as markup. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function toHtml(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return escapeHtml(String(value));
  return value.map(toHtml).join('');
}
