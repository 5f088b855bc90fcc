// The global hotkey. Registration fails when another application holds the keys (or the desktop
// does not allow global shortcuts, as on some Wayland sessions): that is reported, never swallowed.
export const READ_HOTKEY = 'CommandOrControl+Alt+R';

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
}

/** The hotkey as users of this platform write it. */
export function hotkeyLabel(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'Cmd+Option+R' : 'Ctrl+Alt+R';
}

/** Registers the read hotkey; returns null on success, else the sentence to show the user. */
export function registerReadHotkey(registry: ShortcutRegistry, platform: NodeJS.Platform, onPress: () => void): string | null {
  let ok: boolean;
  try {
    ok = registry.register(READ_HOTKEY, onPress);
  } catch {
    ok = false;
  }
  return ok ? null : `hotkey ${hotkeyLabel(platform)} unavailable: another application may be using it`;
}
