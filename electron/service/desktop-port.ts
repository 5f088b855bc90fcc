// What the desktop holds for Aloud, outside its own files: the global hotkeys and the start at
// login. Main implements it with Electron (in electron/main/main-app.ts, over its global hotkeys and login item); the settings service asks it.
import type { HotkeyBindings, HotkeyPlatform, HotkeyProblems } from '../../shared/hotkeys';

export interface DesktopPort {
  /** How this system writes keys (hotkey labels and checks follow it). */
  readonly platform: HotkeyPlatform;
  /** Registers each hotkey's keys; returns those that could not be set, with why. */
  applyHotkeys(bindings: HotkeyBindings): HotkeyProblems;
  /** Whether Aloud starts (in the tray) when the user logs in; null where it cannot (a run from the sources). */
  launchAtLogin(): boolean | null;
  /** Throws an Error whose message says why, in words, when the system refuses. */
  setLaunchAtLogin(on: boolean): void;
}
