import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, hardenContents, isRendererUrl, isTrustedSender, withCsp, type RendererLocation } from './security';

const built: RendererLocation = { url: 'file:///opt/Aloud/resources/app.asar/out/renderer/index.html', dev: false };
const dev: RendererLocation = { url: 'http://localhost:5173/', dev: true };

describe('isRendererUrl', () => {
  it('accepts our built page, with any hash or query', () => {
    expect(isRendererUrl(built.url, built)).toBe(true);
    expect(isRendererUrl(`${built.url}#/library?x=1`, built)).toBe(true);
  });

  it.each([
    'file:///opt/Aloud/resources/app.asar/out/renderer/other.html',
    'file:///etc/passwd',
    'https://example.com/out/renderer/index.html',
    'http://localhost:5173/',
    'not a url',
    '',
  ])('refuses %j for the built page', (url) => {
    expect(isRendererUrl(url, built)).toBe(false);
  });

  it('accepts the dev server origin and nothing else in dev', () => {
    expect(isRendererUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isRendererUrl('http://evil.localhost:5173/', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the top frame of our renderer', () => {
    expect(isTrustedSender({ url: built.url, parent: null }, built)).toBe(true);
    expect(isTrustedSender({ url: built.url, parent: { url: built.url } }, built)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, built)).toBe(false);
    expect(isTrustedSender(null, built)).toBe(false);
    expect(isTrustedSender(undefined, built)).toBe(false);
  });
});

describe('content security policy', () => {
  it('is strict in production: scripts only from self, no inline, audio from self and blob:', () => {
    const csp = contentSecurityPolicy(false);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("media-src 'self' blob:");
    expect(csp).toContain("object-src 'none'");
  });

  it('replaces whatever CSP a response carried, keeping its other headers', () => {
    const out = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, false);
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy(false)] });
    expect(withCsp(undefined, true)['Content-Security-Policy']).toEqual([contentSecurityPolicy(true)]);
  });
});

describe('hardenContents', () => {
  function harden() {
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    let navigate: ((e: { preventDefault(): void }, url: string) => void) | null = null;
    const opened: string[] = [];
    hardenContents(
      {
        setWindowOpenHandler: (h) => (openHandler = h),
        on: (_event, l) => (navigate = l),
      },
      built,
      (url) => opened.push(url),
    );
    const tryNavigate = (url: string) => {
      let prevented = false;
      navigate!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { open: (url: string) => openHandler!({ url }), tryNavigate, opened };
  }

  it('denies every new window; web links go to the system browser, other schemes nowhere', () => {
    const h = harden();
    expect(h.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(h.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(h.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(h.opened).toEqual(['https://example.com/']);
  });

  it('prevents navigation away from the renderer, allows staying on it', () => {
    const h = harden();
    expect(h.tryNavigate('https://example.com/')).toBe(true);
    expect(h.tryNavigate('file:///etc/passwd')).toBe(true);
    expect(h.tryNavigate(`${built.url}#/settings`)).toBe(false);
  });
});
