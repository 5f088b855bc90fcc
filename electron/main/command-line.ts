// What a launch of `aloud` asks the running instance to do. A second launch forwards its argv here
// (single-instance lock), so `aloud --read-clipboard` bound to a desktop shortcut reaches the tray app.
export type MainCommand = 'read-selection' | 'read-clipboard' | 'toggle-pause' | 'stop' | 'show';

const flags: Record<string, MainCommand> = {
  '--read-selection': 'read-selection',
  '--read-clipboard': 'read-clipboard',
  '--toggle-pause': 'toggle-pause',
  '--stop': 'stop',
  '--show': 'show',
};

/**
 * The commands in an Electron argv, in order. Anything else (the executable, the app path, Chromium's
 * own switches) is ignored, so a plain second launch yields [] and the caller just shows the reader.
 */
export function parseMainCommands(argv: readonly string[]): MainCommand[] {
  const out: MainCommand[] = [];
  for (const arg of argv) {
    if (arg === '--') break;
    const command = Object.hasOwn(flags, arg) ? flags[arg] : undefined;
    if (command) out.push(command);
  }
  return out;
}
