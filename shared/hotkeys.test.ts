import { describe, expect, it } from 'vitest';
import { acceleratorLabel, acceleratorOfKeyPress, acceleratorProblem, DEFAULT_HOTKEYS, heldModifiersLabel, HOTKEY_ACTIONS, hotkeyConflict, normalAccelerator } from './hotkeys';

const press = (code: string, held: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {}) => ({ code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...held });

describe('hotkeys as people write them', () => {
  it('shows the default read hotkey as Ctrl+Alt+R, and as Cmd+Option+R on macOS', () => {
    expect(acceleratorLabel(DEFAULT_HOTKEYS['read-selection']!, 'linux')).toBe('Ctrl+Alt+R');
    expect(acceleratorLabel(DEFAULT_HOTKEYS['read-selection']!, 'win32')).toBe('Ctrl+Alt+R');
    expect(acceleratorLabel(DEFAULT_HOTKEYS['read-selection']!, 'darwin')).toBe('Cmd+Option+R');
  });

  it('names the Windows key Win, and arrows, Enter and media keys by what is printed on them', () => {
    expect(acceleratorLabel('Super+Shift+Up', 'win32')).toBe('Win+Shift+↑');
    expect(acceleratorLabel('Control+Return', 'darwin')).toBe('Ctrl+Enter');
    expect(acceleratorLabel('MediaPlayPause', 'linux')).toBe('Play/Pause');
    expect(acceleratorLabel('Alt+num5', 'linux')).toBe('Alt+Num 5');
  });
});

describe('keys that can be a global hotkey', () => {
  it('accepts the defaults on every system', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const action of HOTKEY_ACTIONS) {
        const keys = DEFAULT_HOTKEYS[action];
        if (keys) expect(acceleratorProblem(keys, platform)).toBeNull();
      }
    }
  });

  it('refuses keys that would fire while typing, and Ctrl with a letter alone, saying what to add', () => {
    expect(acceleratorProblem('Shift+R', 'linux')).toBe('Shift+R would fire while you type: add Ctrl or Alt.');
    expect(acceleratorProblem('R', 'darwin')).toBe('R would fire while you type: add Ctrl or Alt (or Cmd).');
    expect(acceleratorProblem('CommandOrControl+C', 'win32')).toBe('Ctrl+C is used by other applications (copy, paste, save…): add Alt or Shift.');
    expect(acceleratorProblem('Command+V', 'darwin')).toBe('Cmd+V is used by other applications (copy, paste, save…): add Alt or Shift.');
    // Function and media keys need nothing more; Ctrl+Shift+C is free.
    expect(acceleratorProblem('F9', 'linux')).toBeNull();
    expect(acceleratorProblem('MediaPlayPause', 'linux')).toBeNull();
    expect(acceleratorProblem('CommandOrControl+Shift+C', 'linux')).toBeNull();
  });

  it('refuses what is not written as keys, in words', () => {
    expect(acceleratorProblem('Ctrl+Alt', 'linux')).toBe('A hotkey needs a key besides Ctrl, Alt, Shift and the like.');
    expect(acceleratorProblem('Ctrl+A+B', 'linux')).toBe('A hotkey has one key besides Ctrl, Alt, Shift and the like.');
    expect(acceleratorProblem('Ctrl+Alt+Banana', 'linux')).toBe('“Banana” is not a key a hotkey can use.');
    expect(acceleratorProblem('Ctrl++', 'linux')).toBe('Those keys are not written the way a hotkey is (e.g. Ctrl+Alt+R).');
    expect(acceleratorProblem('Ctrl+Alt+Plus', 'linux')).toBeNull();
  });
});

describe('the same keys written two ways', () => {
  it('are one hotkey: aliases, order and case do not matter, and CommandOrControl is Ctrl off macOS and Cmd on it', () => {
    expect(normalAccelerator('alt+cmdorctrl+r', 'linux')).toBe(normalAccelerator('Control+Alt+R', 'linux'));
    expect(normalAccelerator('CommandOrControl+Alt+R', 'darwin')).toBe(normalAccelerator('Option+Cmd+R', 'darwin'));
    expect(normalAccelerator('CommandOrControl+Alt+R', 'darwin')).not.toBe(normalAccelerator('Control+Alt+R', 'darwin'));
  });

  it('name the action that already has them', () => {
    const bindings = { ...DEFAULT_HOTKEYS, faster: 'Ctrl+Alt+Up' };
    expect(hotkeyConflict(bindings, 'slower', 'Alt+CommandOrControl+Up', 'linux')).toBe('faster');
    expect(hotkeyConflict(bindings, 'faster', 'Ctrl+Alt+Up', 'linux')).toBeUndefined();
    expect(hotkeyConflict(bindings, 'slower', 'Ctrl+Alt+Down', 'linux')).toBeUndefined();
  });
});

describe('the key recorder', () => {
  it('makes an accelerator from the key pressed by its place, Ctrl (Cmd on macOS) written CommandOrControl', () => {
    expect(acceleratorOfKeyPress(press('KeyR', { ctrlKey: true, altKey: true }), 'linux')).toBe('CommandOrControl+Alt+R');
    expect(acceleratorOfKeyPress(press('KeyR', { metaKey: true, altKey: true }), 'darwin')).toBe('CommandOrControl+Alt+R');
    expect(acceleratorOfKeyPress(press('KeyR', { ctrlKey: true, altKey: true }), 'darwin')).toBe('Control+Alt+R');
    expect(acceleratorOfKeyPress(press('ArrowUp', { metaKey: true, shiftKey: true }), 'win32')).toBe('Super+Shift+Up');
    expect(acceleratorOfKeyPress(press('Digit7', { altKey: true }), 'linux')).toBe('Alt+7');
    expect(acceleratorOfKeyPress(press('Numpad7', { altKey: true }), 'linux')).toBe('Alt+num7');
    expect(acceleratorOfKeyPress(press('F12'), 'linux')).toBe('F12');
    expect(acceleratorOfKeyPress(press('MediaPlayPause'), 'linux')).toBe('MediaPlayPause');
  });

  it('waits while only modifiers are down, showing them', () => {
    expect(acceleratorOfKeyPress(press('ControlLeft', { ctrlKey: true }), 'linux')).toBeNull();
    expect(heldModifiersLabel(press('AltLeft', { ctrlKey: true, altKey: true }), 'linux')).toBe('Ctrl+Alt+…');
    expect(heldModifiersLabel(press('AltLeft', { metaKey: true, altKey: true }), 'darwin')).toBe('Cmd+Option+…');
    expect(heldModifiersLabel(press('x'), 'linux')).toBe('');
  });

  it('makes accelerators that read back as the same keys', () => {
    for (const code of ['KeyQ', 'Digit0', 'F5', 'Space', 'Comma', 'Slash', 'NumpadAdd', 'PageDown', 'Backquote']) {
      const accelerator = acceleratorOfKeyPress(press(code, { ctrlKey: true, shiftKey: true }), 'linux')!;
      expect(normalAccelerator(accelerator, 'linux'), code).not.toBeNull();
      expect(acceleratorProblem(accelerator, 'linux'), code).toBeNull();
    }
  });
});
