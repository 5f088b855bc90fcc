// Where the library lives, shared by the app (main) and the command line so both open the same file:
// Electron's userData folder for the app named Aloud, or $ALOUD_DATA_DIR when set.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'Aloud';
export const LIBRARY_FILE = 'library.sqlite';

export interface PathContext {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The same folder as Electron's app.getPath('userData') for productName Aloud. */
export function aloudDataDir({ env = process.env, platform = process.platform, home = homedir() }: PathContext = {}): string {
  if (env.ALOUD_DATA_DIR) return env.ALOUD_DATA_DIR;
  switch (platform) {
    case 'win32':
      return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    default:
      return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_DIR_NAME);
  }
}

export function libraryPath(context: PathContext = {}): string {
  const dir = aloudDataDir(context);
  return (context.platform ?? process.platform) === 'win32' && !context.env?.ALOUD_DATA_DIR ? win32.join(dir, LIBRARY_FILE) : join(dir, LIBRARY_FILE);
}

/**
 * Makes `folder` (the data folder, or one inside it such as voices/) and any missing folder above it,
 * readable by the user alone: the data folder holds what they listened to and their sealed keys.
 * Every first write goes through here (`say`, `voices install`, the app), so the first command cannot
 * decide the data folder's permissions. A folder that already exists is left as it is.
 */
export function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
}
