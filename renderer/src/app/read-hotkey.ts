// The read hotkey as the person set it, for the reader: its keys shown in the guide and the empty
// reader, and pressed in this window (where main's global shortcut does not take them first) to
// read what is selected here.
import { acceleratorLabel, acceleratorOfKeyPress, DEFAULT_HOTKEYS, normalAccelerator, type HotkeyPlatform, type KeyPress } from '../../../shared/hotkeys';
import type { SettingsView } from '../../../shared/settings-ipc';

export interface ReadHotkey {
  /** null: the person removed it. */
  accelerator: string | null;
  platform: HotkeyPlatform;
}

export function platformOfBrowser(userAgent: string): HotkeyPlatform {
  return /Mac/u.test(userAgent) ? 'darwin' : /Windows/u.test(userAgent) ? 'win32' : 'linux';
}

/** Until the settings are read: the default keys. */
export function defaultReadHotkey(userAgent: string): ReadHotkey {
  return { accelerator: DEFAULT_HOTKEYS['read-selection'], platform: platformOfBrowser(userAgent) };
}

export function readHotkeyOf(settings: Pick<SettingsView, 'hotkeys' | 'platform'>): ReadHotkey {
  return { accelerator: settings.hotkeys.find((h) => h.action === 'read-selection')?.accelerator ?? null, platform: settings.platform };
}

/** "Ctrl+Alt+R"; null when there is none. */
export function readHotkeyLabel(hotkey: ReadHotkey): string | null {
  return hotkey.accelerator ? acceleratorLabel(hotkey.accelerator, hotkey.platform) : null;
}

export function isReadHotkey(press: KeyPress, hotkey: ReadHotkey): boolean {
  if (!hotkey.accelerator) return false;
  const pressed = acceleratorOfKeyPress(press, hotkey.platform);
  return pressed !== null && normalAccelerator(pressed, hotkey.platform) === normalAccelerator(hotkey.accelerator, hotkey.platform);
}
