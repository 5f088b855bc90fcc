// Start at login: Electron's login item on macOS and Windows (Windows passes --hidden), the XDG
// autostart entry on Linux. A run from the sources (not packaged) is not started at login.
import { app } from 'electron';
import { linuxAutostart, type LoginItem } from './linux-autostart';

export function platformLoginItem(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): LoginItem {
  if (platform !== 'darwin' && platform !== 'win32') {
    const configHome = env['XDG_CONFIG_HOME'] || `${app.getPath('home')}/.config`;
    // An AppImage runs from a temporary mount: start the AppImage file itself.
    return linuxAutostart(configHome, env['APPIMAGE'] ?? (app.isPackaged ? process.execPath : null));
  }
  return {
    get: () => (app.isPackaged ? app.getLoginItemSettings().openAtLogin : null),
    set(on) {
      if (!app.isPackaged) throw new Error('this copy of Aloud runs from its sources');
      app.setLoginItemSettings({ openAtLogin: on, args: ['--hidden'] });
    },
  };
}
