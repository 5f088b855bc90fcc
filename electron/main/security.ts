// The Electron security checklist as plain functions: which URLs are our renderer, which frames may
// talk to main, the CSP, and the navigation/new-window policy.

/** Where the reader page lives: the dev server's URL, or the built index.html as a file: URL. */
export interface RendererLocation {
  url: string;
  /** True for the dev server (Vite HMR needs inline scripts and a WebSocket). */
  dev: boolean;
}

/** Whether `url` is a page of our own renderer (same file, or same dev-server origin). */
export function isRendererUrl(url: string, renderer: RendererLocation): boolean {
  let u: URL;
  let r: URL;
  try {
    u = new URL(url);
    r = new URL(renderer.url);
  } catch {
    return false;
  }
  if (r.protocol === 'file:') return u.protocol === 'file:' && u.host === r.host && u.pathname === r.pathname;
  return u.origin === r.origin;
}

export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** Only the top frame of our own renderer may call main; an iframe or a foreign page may not. */
export function isTrustedSender(frame: SenderFrame | null | undefined, renderer: RendererLocation): boolean {
  if (!frame || frame.parent) return false;
  return isRendererUrl(frame.url, renderer);
}

/**
 * The Content-Security-Policy sent with every response. Audio arrives as PCM over IPC or as blob:
 * URLs; the AudioWorklet module is a script, so it must come from 'self'.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'none'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "media-src 'self' blob:",
    dev ? "connect-src 'self' ws:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Response headers with our CSP replacing any the response carried (header names are case-insensitive). */
export function withCsp(headers: Record<string, string[]> | undefined, dev: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy(dev)];
  return out;
}

/** Links the user clicks may open in the system browser; nothing opens inside the app. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}

interface HardenableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
}

/** Denies every new window (links go to the browser) and every navigation away from the renderer. */
export function hardenContents(contents: HardenableContents, renderer: RendererLocation, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isRendererUrl(url, renderer)) event.preventDefault();
  });
}
