// The global hotkeys: what each does, its keys by default, and the keys written as Electron
// accelerators ("CommandOrControl+Alt+R"), recorded from a key press, checked, and shown the way
// people on each system write them ("Ctrl+Alt+R", "Cmd+Option+R"). Pure, for main and the renderer.

export const HOTKEY_ACTIONS = ['read-selection', 'read-clipboard', 'toggle-pause', 'stop', 'previous-sentence', 'next-sentence', 'faster', 'slower'] as const;
export type HotkeyAction = (typeof HOTKEY_ACTIONS)[number];

/** Each action's keys; null: none. */
export type HotkeyBindings = Record<HotkeyAction, string | null>;
/** Why an action's keys could not be set, for those that could not. */
export type HotkeyProblems = Partial<Record<HotkeyAction, string>>;

export const HOTKEY_ACTION_TEXT: Record<HotkeyAction, string> = {
  'read-selection': 'Read the selection',
  'read-clipboard': 'Read the clipboard',
  'toggle-pause': 'Pause or resume',
  stop: 'Stop',
  'previous-sentence': 'Previous sentence',
  'next-sentence': 'Next sentence',
  faster: 'Faster',
  slower: 'Slower',
};

/** Three keys by default: read, pause, stop. The rest wait to be chosen, so Aloud takes few keys from other apps. */
export const DEFAULT_HOTKEYS: HotkeyBindings = {
  'read-selection': 'CommandOrControl+Alt+R',
  'read-clipboard': null,
  'toggle-pause': 'CommandOrControl+Alt+P',
  stop: 'CommandOrControl+Alt+S',
  'previous-sentence': null,
  'next-sentence': null,
  faster: null,
  slower: null,
};

/** What the read-selection hotkey does when nothing is selected: read the clipboard, or say so. */
export const WHEN_NOTHING_SELECTED = ['clipboard', 'say'] as const;
export type WhenNothingSelected = (typeof WHEN_NOTHING_SELECTED)[number];

export type HotkeyPlatform = 'darwin' | 'win32' | 'linux';

/** Hotkeys are written as on Linux on every system but macOS and Windows (the BSDs included). */
export function hotkeyPlatformOf(platform: string): HotkeyPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/** Modifiers in the order they are written. CommandOrControl is Ctrl on Windows and Linux, Cmd on macOS. */
const MODIFIERS = ['CommandOrControl', 'Control', 'Command', 'Super', 'Alt', 'Shift'] as const;
type Modifier = (typeof MODIFIERS)[number];
const MODIFIER_ALIASES: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  control: 'Control',
  ctrl: 'Control',
  command: 'Command',
  cmd: 'Command',
  super: 'Super',
  meta: 'Super',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
};

const NAMED_KEYS = ['Plus', 'Space', 'Tab', 'Backspace', 'Delete', 'Insert', 'Return', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'PageUp', 'PageDown', 'PrintScreen'] as const;
const MEDIA_KEYS = ['MediaPlayPause', 'MediaNextTrack', 'MediaPreviousTrack', 'MediaStop', 'VolumeUp', 'VolumeDown', 'VolumeMute'] as const;
const PUNCTUATION = ['-', '=', '[', ']', '\\', ';', "'", ',', '.', '/', '`'] as const;
const NUMPAD = ['num0', 'num1', 'num2', 'num3', 'num4', 'num5', 'num6', 'num7', 'num8', 'num9', 'numadd', 'numsub', 'nummult', 'numdiv', 'numdec'] as const;

/** The key itself in Electron's spelling, or null if it is not one a hotkey can use. */
function keyName(part: string): string | null {
  if (/^[a-z0-9]$/iu.test(part)) return part.toUpperCase();
  if (/^f([1-9]|1[0-9]|2[0-4])$/iu.test(part)) return part.toUpperCase();
  const lower = part.toLowerCase();
  if (lower === 'enter') return 'Return';
  const named = [...NAMED_KEYS, ...MEDIA_KEYS, ...NUMPAD].find((k) => k.toLowerCase() === lower);
  if (named) return named;
  return (PUNCTUATION as readonly string[]).includes(part) ? part : null;
}

const isFunctionKey = (key: string) => /^F\d+$/u.test(key);
const isMediaKey = (key: string) => (MEDIA_KEYS as readonly string[]).includes(key);

interface Parsed {
  modifiers: Set<Modifier>;
  key: string;
}

function parse(accelerator: string): Parsed | string {
  // "Ctrl++" is not written; "Plus" is. Splitting on '+' leaves the key last.
  const parts = accelerator.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) return 'Those keys are not written the way a hotkey is (e.g. Ctrl+Alt+R).';
  const modifiers = new Set<Modifier>();
  let key: string | null = null;
  for (const part of parts) {
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (modifier) {
      modifiers.add(modifier);
      continue;
    }
    if (key !== null) return 'A hotkey has one key besides Ctrl, Alt, Shift and the like.';
    key = keyName(part);
    if (key === null) return `“${part}” is not a key a hotkey can use.`;
  }
  if (key === null) return 'A hotkey needs a key besides Ctrl, Alt, Shift and the like.';
  return { modifiers, key };
}

function write({ modifiers, key }: Parsed): string {
  return [...MODIFIERS.filter((m) => modifiers.has(m)), key].join('+');
}

/**
 * The one spelling of an accelerator (modifiers in order, aliases resolved), or null if it cannot
 * be a hotkey. Two hotkeys are the same keys when their spellings are equal on that platform.
 */
export function normalAccelerator(accelerator: string, platform: HotkeyPlatform): string | null {
  const parsed = parse(accelerator);
  if (typeof parsed === 'string') return null;
  // CommandOrControl is Cmd on macOS, Ctrl elsewhere: compare the keys actually pressed.
  const modifiers = new Set(parsed.modifiers);
  if (modifiers.delete('CommandOrControl')) modifiers.add(platform === 'darwin' ? 'Command' : 'Control');
  if (platform !== 'darwin' && modifiers.delete('Command')) modifiers.add('Control');
  return write({ modifiers, key: parsed.key });
}

/**
 * Why these keys cannot be a global hotkey, in one sentence; null when they can. A hotkey needs
 * Ctrl, Alt, Cmd or Super (Shift alone is typing), except function and media keys; Ctrl with one
 * letter alone belongs to every application (copy, paste, save).
 */
export function acceleratorProblem(accelerator: string, platform: HotkeyPlatform): string | null {
  const parsed = parse(accelerator);
  if (typeof parsed === 'string') return parsed;
  const { modifiers, key } = parsed;
  const label = acceleratorLabel(accelerator, platform);
  const strong = ['CommandOrControl', 'Control', 'Command', 'Super', 'Alt'].some((m) => modifiers.has(m as Modifier));
  if (!strong && !isFunctionKey(key) && !isMediaKey(key)) {
    return `${label} would fire while you type: add Ctrl or Alt${platform === 'darwin' ? ' (or Cmd)' : ''}.`;
  }
  const commandOnly = modifiers.size === 1 && (modifiers.has('CommandOrControl') || modifiers.has(platform === 'darwin' ? 'Command' : 'Control'));
  if (commandOnly && /^[A-Z0-9]$/u.test(key)) return `${label} is used by other applications (copy, paste, save…): add Alt or Shift.`;
  return null;
}

const KEY_LABELS: Record<string, string> = {
  Return: 'Enter',
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→',
  PageUp: 'Page Up',
  PageDown: 'Page Down',
  PrintScreen: 'Print Screen',
  MediaPlayPause: 'Play/Pause',
  MediaNextTrack: 'Next Track',
  MediaPreviousTrack: 'Previous Track',
  MediaStop: 'Media Stop',
  VolumeUp: 'Volume Up',
  VolumeDown: 'Volume Down',
  VolumeMute: 'Mute',
  numadd: 'Num +',
  numsub: 'Num -',
  nummult: 'Num *',
  numdiv: 'Num /',
  numdec: 'Num .',
};

/** The keys as people on that system write them: "Ctrl+Alt+R", "Cmd+Option+R". */
export function acceleratorLabel(accelerator: string, platform: HotkeyPlatform): string {
  const parsed = parse(accelerator);
  if (typeof parsed === 'string') return accelerator;
  const mac = platform === 'darwin';
  const names: Record<Modifier, string> = {
    CommandOrControl: mac ? 'Cmd' : 'Ctrl',
    Control: 'Ctrl',
    Command: mac ? 'Cmd' : 'Ctrl',
    Super: mac ? 'Cmd' : platform === 'win32' ? 'Win' : 'Super',
    Alt: mac ? 'Option' : 'Alt',
    Shift: 'Shift',
  };
  const key = KEY_LABELS[parsed.key] ?? (/^num\d$/u.test(parsed.key) ? `Num ${parsed.key.slice(3)}` : parsed.key);
  return [...MODIFIERS.filter((m) => parsed.modifiers.has(m)).map((m) => names[m]), key].join('+');
}

/** The action that already has these keys, other than `action`; undefined when none. */
export function hotkeyConflict(bindings: HotkeyBindings, action: HotkeyAction, accelerator: string, platform: HotkeyPlatform): HotkeyAction | undefined {
  const wanted = normalAccelerator(accelerator, platform);
  if (wanted === null) return undefined;
  return HOTKEY_ACTIONS.find((other) => other !== action && bindings[other] !== null && normalAccelerator(bindings[other], platform) === wanted);
}

/** What a key press in the recorder means (the parts of a KeyboardEvent it needs). */
export interface KeyPress {
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Enter: 'Return',
  NumpadEnter: 'Return',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  PrintScreen: 'PrintScreen',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
  MediaPlayPause: 'MediaPlayPause',
  MediaTrackNext: 'MediaNextTrack',
  MediaTrackPrevious: 'MediaPreviousTrack',
  MediaStop: 'MediaStop',
  AudioVolumeUp: 'VolumeUp',
  AudioVolumeDown: 'VolumeDown',
  AudioVolumeMute: 'VolumeMute',
};

/**
 * The accelerator a key press makes, by the key's place on the keyboard (so Alt+R is R even where
 * Alt+R types "®"); null while only modifiers are down, or for a key a hotkey cannot use.
 */
export function acceleratorOfKeyPress(press: KeyPress, platform: HotkeyPlatform): string | null {
  const { code } = press;
  let key: string | undefined;
  if (/^Key[A-Z]$/u.test(code)) key = code.slice(3);
  else if (/^Digit\d$/u.test(code)) key = code.slice(5);
  else if (/^Numpad\d$/u.test(code)) key = `num${code.slice(6)}`;
  else if (/^F([1-9]|1\d|2[0-4])$/u.test(code)) key = code;
  else key = CODE_KEYS[code];
  if (key === undefined) return null;
  const mac = platform === 'darwin';
  const modifiers = new Set<Modifier>();
  // The key people press for app shortcuts (Ctrl; Cmd on macOS) is written CommandOrControl.
  if (mac ? press.metaKey : press.ctrlKey) modifiers.add('CommandOrControl');
  if (mac && press.ctrlKey) modifiers.add('Control');
  if (!mac && press.metaKey) modifiers.add('Super');
  if (press.altKey) modifiers.add('Alt');
  if (press.shiftKey) modifiers.add('Shift');
  return write({ modifiers, key });
}

/** The modifiers held so far, as the recorder shows them while waiting for the key ("Ctrl+Alt+…"). */
export function heldModifiersLabel(press: Omit<KeyPress, 'code'>, platform: HotkeyPlatform): string {
  const mac = platform === 'darwin';
  const held = [
    mac ? press.metaKey && 'Cmd' : press.ctrlKey && 'Ctrl',
    mac && press.ctrlKey && 'Ctrl',
    !mac && press.metaKey && (platform === 'win32' ? 'Win' : 'Super'),
    press.altKey && (mac ? 'Option' : 'Alt'),
    press.shiftKey && 'Shift',
  ].filter((m): m is string => typeof m === 'string');
  return held.length ? `${held.join('+')}+…` : '';
}
