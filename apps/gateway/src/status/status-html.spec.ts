import { escapeHtml, html, SafeHtml, safeHref, trusted } from './status-html';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('plain text, ünïcode ✓')).toBe('plain text, ünïcode ✓');
  });

  it('escapes an already escaped text again (no double-decoding shortcuts)', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('html', () => {
  it('escapes interpolated strings and numbers, keeps SafeHtml and joins lists', () => {
    const sut = html`<p title="${'"x"'}">${'<b>'}${42}${trusted('<i>ok</i>')}${['<a>', html`<br>`]}</p>`;
    expect(sut).toBeInstanceOf(SafeHtml);
    expect(sut.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;42<i>ok</i>&lt;a&gt;<br></p>');
    expect(String(sut)).toBe(sut.value);
  });
});

describe('safeHref', () => {
  it.each(['/status/demo', '/status/demo/runs/r?token=a.b', 'https://gw.example.com/status/demo', 'HTTP://x/', '?token=1', '#tasks'])('keeps %s', (href) => {
    expect(safeHref(href)).toBe(href);
  });

  it.each(['javascript:alert(1)', ' javascript:x', 'data:text/html,x', '//evil.example/x', 'vbscript:x', ''])('replaces %p by #', (href) => {
    expect(safeHref(href)).toBe('#');
  });
});
