// The global hotkeys, registered with the system and kept in step with the settings. Registration
// fails when another application or the desktop holds the keys (or allows no global shortcuts, as on
// some Wayland sessions): each failure is said in one sentence, never swallowed.
import { acceleratorLabel, HOTKEY_ACTIONS, type HotkeyAction, type HotkeyBindings, type HotkeyPlatform, type HotkeyProblems } from '../../shared/hotkeys';

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface GlobalHotkeys {
  /** Registers each action's keys (those unchanged stay as they are); returns what could not be set. */
  apply(bindings: HotkeyBindings): HotkeyProblems;
  /** The keys of each hotkey that works now, for menus. */
  working(): Partial<Record<HotkeyAction, string>>;
  problems(): HotkeyProblems;
  unregisterAll(): void;
  /** Hears every press of a registered hotkey; returns the function that stops listening. */
  onPress(listener: (action: HotkeyAction) => void): () => void;
  /** Hears every change of the keys (after each apply), for the tray menu that shows them. */
  onChange(listener: () => void): () => void;
}

// Presses and changes are events, so the keys can be registered (by the settings, as the core starts)
// before anything that acts on them exists.
export function createGlobalHotkeys(registry: ShortcutRegistry, platform: HotkeyPlatform): GlobalHotkeys {
  const registered = new Map<HotkeyAction, string>();
  let problems: HotkeyProblems = {};
  const pressListeners = new Set<(action: HotkeyAction) => void>();
  const changeListeners = new Set<() => void>();
  const onPress = (action: HotkeyAction) => {
    for (const listener of [...pressListeners]) listener(action);
  };

  const release = (action: HotkeyAction) => {
    const keys = registered.get(action);
    if (keys === undefined) return;
    registry.unregister(keys);
    registered.delete(action);
  };
  const take = (action: HotkeyAction, keys: string): boolean => {
    try {
      return registry.register(keys, () => onPress(action));
    } catch {
      // Electron throws for an accelerator it cannot parse; the settings check them first.
      return false;
    }
  };

  return {
    apply(bindings) {
      // Keys given up first, so two actions may swap keys in one change.
      for (const action of HOTKEY_ACTIONS) if (registered.get(action) !== (bindings[action] ?? undefined)) release(action);
      problems = {};
      for (const action of HOTKEY_ACTIONS) {
        const keys = bindings[action];
        if (keys === null || registered.get(action) === keys) continue;
        if (take(action, keys)) registered.set(action, keys);
        else problems[action] = `${acceleratorLabel(keys, platform)} could not be set: another application or the desktop already uses it.`;
      }
      for (const listener of [...changeListeners]) listener();
      return { ...problems };
    },
    working: () => Object.fromEntries(registered),
    problems: () => ({ ...problems }),
    unregisterAll() {
      for (const action of [...registered.keys()]) release(action);
    },
    onPress(listener) {
      pressListeners.add(listener);
      return () => void pressListeners.delete(listener);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
  };
}

/**
 * Wayland lets no application grab keys itself; Chromium can ask the desktop through the
 * GlobalShortcuts portal (KDE Plasma, GNOME 48+, Hyprland). The switch must be set before ready.
 */
export function wantsShortcutsPortal(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  return platform === 'linux' && (env['XDG_SESSION_TYPE'] === 'wayland' || Boolean(env['WAYLAND_DISPLAY']));
}
