// What a launch of `aloud` asks the running instance to do. A second launch forwards its argv here
// (single-instance lock), so `aloud --read-selection` bound to a desktop shortcut reaches the tray
// app: every hotkey's action has its flag (`--next-sentence`, `--faster`...), for desktops where
// the app cannot take keys itself (Wayland without the shortcuts portal).
import { HOTKEY_ACTIONS, type HotkeyAction } from '../../shared/hotkeys';

export type MainCommand = HotkeyAction | 'show';

const flags = new Map<string, MainCommand>([...HOTKEY_ACTIONS.map((a) => [`--${a}`, a] as const), ['--show', 'show']]);

/**
 * The commands in an Electron argv, in order. Anything else (the executable, the app path, Chromium's
 * own switches) is ignored, so a plain second launch yields [] and the caller just shows the reader.
 */
export function parseMainCommands(argv: readonly string[]): MainCommand[] {
  const out: MainCommand[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    const command = flags.get(arg);
    if (command) out.push(command);
  }
  return out;
}
