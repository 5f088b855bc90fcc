// Where the built pieces are, relative to the bundled main (out/main/index.js) and the app root.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RendererLocation } from './security';

export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}

export function rendererLocation(mainDir: string, devServerUrl: string | undefined): RendererLocation & { file?: string } {
  if (devServerUrl) return { url: devServerUrl, dev: true };
  const file = join(mainDir, '../renderer/index.html');
  return { url: pathToFileURL(file).href, dev: false, file };
}

export type TrayState = 'idle' | 'reading' | 'paused';

/**
 * Tray images for idle, reading (a dot) and paused (a pause sign): a colour icon (with @2x for
 * HiDPI), and a template image on macOS whose menu bar tints it.
 */
export function trayIconPath(appRoot: string, platform: NodeJS.Platform, state: TrayState = 'idle'): string {
  const suffix = state === 'idle' ? '' : `-${state}`;
  return join(appRoot, 'build', 'tray', `${platform === 'darwin' ? 'trayTemplate' : 'tray'}${suffix}.png`);
}

export function appIconPath(appRoot: string): string {
  return join(appRoot, 'build', 'icon.png');
}

/**
 * better-sqlite3 built for this Electron's ABI by build/prepare-electron.mjs (run by `npm start`), or
 * undefined when there is none: packaged apps get a copy rebuilt by electron-builder instead.
 */
export function devSqliteBinding(appRoot: string, electronVersion: string): string | undefined {
  const file = join(appRoot, 'node_modules', '.aloud-electron', electronVersion, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
