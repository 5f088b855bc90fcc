// Start at login on Linux: Electron's login items are macOS and Windows only, so Aloud writes the
// freedesktop autostart entry itself ($XDG_CONFIG_HOME/autostart/aloud.desktop), which GNOME, KDE,
// Xfce and the other XDG desktops run at login. It starts Aloud in the tray (--hidden).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LoginItem {
  /** null where Aloud cannot be started at login (no program to start: a run from the sources). */
  get(): boolean | null;
  set(on: boolean): void;
}

export const AUTOSTART_FILE = 'aloud.desktop';

/** A path as one argument of a desktop entry's Exec line (quoted, with its reserved characters escaped). */
function execArgument(path: string): string {
  if (/^[\w./-]+$/u.test(path)) return path;
  // Inside quotes " ` $ \ take a backslash; the entry's own string escaping then doubles each backslash.
  return `"${path.replace(/["`$\\]/gu, (c) => `\\${c}`).replace(/\\/gu, '\\\\')}"`;
}

export function autostartEntry(program: string): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=Aloud', 'Comment=Reads the selection aloud', `Exec=${execArgument(program)} --hidden`, 'Icon=aloud', 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/**
 * `program`: the executable to start (the AppImage's own path for an AppImage, which moves with it);
 * null for a run from the sources, which cannot be started at login.
 */
export function linuxAutostart(configHome: string, program: string | null): LoginItem {
  const file = join(configHome, 'autostart', AUTOSTART_FILE);
  return {
    get() {
      if (program === null) return null;
      if (!existsSync(file)) return false;
      // An entry switched off by the desktop's own settings counts as off.
      return !/^(Hidden=true|X-GNOME-Autostart-enabled=false)$/mu.test(readFileSync(file, 'utf8'));
    },
    set(on) {
      if (program === null) throw new Error('this copy of Aloud runs from its sources');
      if (!on) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.tmp`;
      writeFileSync(temp, autostartEntry(program), { mode: 0o644 });
      renameSync(temp, file);
    },
  };
}
