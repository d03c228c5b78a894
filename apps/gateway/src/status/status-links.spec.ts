import { overviewLinks, runDetailLinks, statusHref, statusOverviewPath, statusPageUrl, statusRunPath } from './status-links';
import { StatusTokens } from './status-token';

const tokens = new StatusTokens('a-secret-of-at-least-16-bytes', () => Date.parse('2024-05-12T08:30:00Z'));

function tokenOf(href: string): string {
  return decodeURIComponent(new URL(href, 'http://gw').searchParams.get('token') ?? '');
}

describe('status links', () => {
  it('builds page paths with encoded segments', () => {
    expect(statusOverviewPath('demo')).toBe('/status/demo');
    expect(statusRunPath('demo', 'run_abc')).toBe('/status/demo/runs/run_abc');
    expect(statusRunPath('a/b c', 'r?1')).toBe('/status/a%2Fb%20c/runs/r%3F1');
  });

  it('makes plain host-relative links by default', () => {
    const sut = overviewLinks('demo');
    expect(sut.self).toBe('/status/demo');
    expect(sut.run('run_abc')).toBe('/status/demo/runs/run_abc');
    expect(runDetailLinks('demo').overview).toBe('/status/demo');
  });

  it('signs each link for exactly its own page', () => {
    const sut = overviewLinks('demo', { tokens });
    const run = sut.run('run_abc');
    expect(run.startsWith('/status/demo/runs/run_abc?token=')).toBe(true);
    expect(tokens.verify(tokenOf(run), '/status/demo/runs/run_abc')).toBe('valid');
    expect(tokens.verify(tokenOf(run), '/status/demo')).toBe('wrong-page');
    expect(tokens.verify(tokenOf(sut.self), '/status/demo')).toBe('valid');
    expect(tokens.verify(tokenOf(runDetailLinks('demo', { tokens }).overview), '/status/demo')).toBe('valid');
  });

  it('makes the absolute StatusPage link of an event', () => {
    const sut = statusPageUrl('https://gw.example.com/', 'demo', 'run_abc', tokens);
    const url = new URL(sut);
    expect(`${url.origin}${url.pathname}`).toBe('https://gw.example.com/status/demo/runs/run_abc');
    expect(tokens.verify(url.searchParams.get('token'), url.pathname)).toBe('valid');
  });

  it('passes a lifetime through', () => {
    const short = statusHref('/status/demo', { tokens, validForMs: 1000 });
    const [body] = tokenOf(short).split('.');
    expect(JSON.parse(Buffer.from(body, 'base64url').toString()).e).toBe(Date.parse('2024-05-12T08:30:01Z') / 1000);
  });
});
