// The reader window and the session it loads in: every response carries the CSP, no permission is
// granted, every web contents is hardened. Closing the window hides it (the tray keeps reading) until
// the app quits.
import { app, session, shell, type BrowserWindow } from 'electron';
import { appIconPath, preloadPath, type rendererLocation } from './paths';
import { createSecureWindow } from './secure-window';
import { hardenContents, withCsp } from './security';

type Renderer = ReturnType<typeof rendererLocation>;

export interface ReaderWindow {
  window: BrowserWindow;
  /** Whether the person can see it (shown and not minimized). */
  showing(): boolean;
  /** Shows and focuses it (the tray's Show reader). */
  show(): void;
  /** Shows it without taking focus from the person's work (a reading from the tray or a hotkey). */
  showInactive(): void;
}

export function openReaderWindow(renderer: Renderer, o: { mainDir: string; appRoot: string }): ReaderWindow {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, renderer.dev) });
  });
  // The reader needs no camera, microphone, notifications or anything else a page may ask for.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, renderer, (url) => void shell.openExternal(url));
  });

  const window = createSecureWindow({
    width: 760,
    height: 560,
    show: false,
    title: 'Aloud',
    icon: appIconPath(o.appRoot),
    preload: preloadPath(o.mainDir),
    // Audio keeps playing, and its events keep flowing, while the reader is hidden.
    backgroundThrottling: false,
  });
  hardenContents(window.webContents, renderer, (url) => void shell.openExternal(url));
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  if (renderer.dev) void window.loadURL(renderer.url);
  else void window.loadFile(renderer.file!);

  return {
    window,
    showing: () => !window.isDestroyed() && window.isVisible() && !window.isMinimized(),
    show() {
      if (window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    showInactive() {
      if (!window.isDestroyed() && !window.isVisible()) window.showInactive();
    },
  };
}
