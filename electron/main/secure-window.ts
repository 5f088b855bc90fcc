// Every Aloud window (the reader, the mini player) is made here, with the one set of web preferences:
// sandboxed, isolated, no Node, web security on, our one reviewed preload. Written out as a literal so
// that Electronegativity reads it. Middle-click (auxclick) could open links in new windows; nothing in
// the app needs it.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

export interface SecureWindowOptions extends Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  preload: string;
  /** False keeps audio and its events flowing while the window is hidden (the reader). */
  backgroundThrottling?: boolean;
}

export function createSecureWindow({ preload, backgroundThrottling = true, ...options }: SecureWindowOptions): BrowserWindow {
  return new BrowserWindow({
    ...options,
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      backgroundThrottling,
    },
  });
}
